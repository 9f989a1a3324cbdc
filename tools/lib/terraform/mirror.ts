import * as fs from 'fs';
import * as path from 'path';

/** Registry host + namespace + type of the provider every stack needs. */
export const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';

/** A filesystem provider mirror that holds hashicorp/aws for this platform. */
export interface ProviderMirror {
  /** Absolute mirror directory (the one containing `registry.terraform.io/`). */
  path: string;
  /** How it was found: named by TF_PROVIDER_MIRROR, or auto-detected. */
  source: 'env' | 'auto';
  /** hashicorp/aws versions available for this platform, e.g. ["5.100.0"]. */
  awsVersions: string[];
}

/** Terraform's platform string for the running machine, e.g. "linux_amd64". */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
  return `${os}_${cpu}`;
}

/** Directories searched (in order) when TF_PROVIDER_MIRROR is not set. */
export function defaultMirrorCandidates(homeDir: string): string[] {
  return [
    '/opt/tf-plugins',
    path.join(homeDir, '.terraform.d', 'plugins'),
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
  ];
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Versions of `provider` (e.g. "registry.terraform.io/hashicorp/aws") held by `mirrorDir` for
 * `platform`, in either mirror layout: unpacked (`<ver>/<platform>/`) or packed
 * (`terraform-provider-<type>_<ver>_<platform>.zip`). Empty when none.
 */
export function mirrorProviderVersions(mirrorDir: string, provider: string, platform: string = terraformPlatform()): string[] {
  const dir = path.join(mirrorDir, ...provider.split('/'));
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const type = provider.split('/').pop() as string;
  const packed = new RegExp(`^terraform-provider-${type}_(.+)_${platform}\\.zip$`);
  const versions = new Set<string>();
  for (const e of entries) {
    if (e.isDirectory() && isDir(path.join(dir, e.name, platform))) versions.add(e.name);
    const m = e.isFile() ? packed.exec(e.name) : null;
    if (m) versions.add(m[1]);
  }
  return [...versions].sort();
}

/** Inputs of {@link findProviderMirror}; injectable for tests. */
export interface FindMirrorOptions {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** Overrides {@link defaultMirrorCandidates}. */
  candidates?: string[];
  platform?: string;
}

/**
 * Finds a provider mirror holding hashicorp/aws. TF_PROVIDER_MIRROR, when set, must name one
 * (throws otherwise); else the first default candidate that holds it; else undefined (use the registry).
 */
export function findProviderMirror(options: FindMirrorOptions): ProviderMirror | undefined {
  const platform = options.platform ?? terraformPlatform();
  const explicit = options.env.TF_PROVIDER_MIRROR;
  if (explicit) {
    const dir = path.resolve(explicit);
    const awsVersions = mirrorProviderVersions(dir, AWS_PROVIDER, platform);
    if (awsVersions.length === 0) {
      throw new Error(
        `TF_PROVIDER_MIRROR=${explicit} does not hold the hashicorp/aws provider for ${platform} ` +
          `(expected ${path.join(dir, AWS_PROVIDER, '<version>', platform)}/ or a packed .zip there).`,
      );
    }
    return { path: dir, source: 'env', awsVersions };
  }
  for (const candidate of options.candidates ?? defaultMirrorCandidates(options.homeDir)) {
    const awsVersions = mirrorProviderVersions(candidate, AWS_PROVIDER, platform);
    if (awsVersions.length > 0) return { path: path.resolve(candidate), source: 'auto', awsVersions };
  }
  return undefined;
}

/** Every provider address ("host/namespace/type") present in `mirrorDir`, sorted. */
export function mirrorProviders(mirrorDir: string): string[] {
  const found: string[] = [];
  const sub = (p: string) => {
    try {
      return fs.readdirSync(p, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return [];
    }
  };
  for (const host of sub(mirrorDir)) {
    for (const ns of sub(path.join(mirrorDir, host))) {
      for (const type of sub(path.join(mirrorDir, host, ns))) {
        found.push(`${host}/${ns}/${type}`);
      }
    }
  }
  return found.sort();
}
