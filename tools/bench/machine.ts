import { spawnSync } from 'child_process';

/** `terraform version` as a plain string (e.g. `1.11.4`), or `not found`. */
export function terraformVersion(): string {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if (result.status !== 0) return 'not found';
  try {
    return String(JSON.parse(result.stdout).terraform_version);
  } catch {
    return 'unknown';
  }
}

/** Bytes as MiB with one decimal, as the tables show memory and sizes. */
export function mebibytes(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}
