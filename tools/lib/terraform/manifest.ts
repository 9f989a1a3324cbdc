import * as fs from 'fs';
import * as path from 'path';

/** One stack from `cdktf.out/manifest.json`, with absolute paths. */
export interface ManifestStack {
  name: string;
  /** Absolute stack directory (where terraform runs). */
  dir: string;
  /** Absolute path of the synthesized `cdk.tf.json`. */
  stackFile: string;
}

/** Reads `<outDir>/manifest.json` and lists its stacks in manifest order. */
export function readManifest(outDir: string): ManifestStack[] {
  const file = path.join(outDir, 'manifest.json');
  let manifest: { stacks?: Record<string, { workingDirectory?: string; synthesizedStackPath?: string }> };
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  return Object.entries(manifest.stacks ?? {}).map(([name, s]) => {
    const dir = path.resolve(outDir, s.workingDirectory ?? path.join('stacks', name));
    const stackFile = path.resolve(outDir, s.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json'));
    return { name, dir, stackFile };
  });
}

/** A stack was asked for by a name the app did not synthesize; the message names the known ones. */
export class UnknownStackError extends Error {}

/** Throws {@link UnknownStackError} naming every name that is not one of `known`, and the known ones. */
export function requireKnownNames(known: readonly string[], names: readonly string[]): void {
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UnknownStackError(`Unknown environment${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known: ${known.join(', ') || '(none)'}.`);
  }
}

/** The named stacks (all when no name is given), each once; throws {@link UnknownStackError} for any unknown name. */
export function selectStacks(all: readonly ManifestStack[], names: readonly string[]): ManifestStack[] {
  if (names.length === 0) return [...all];
  requireKnownNames(all.map((s) => s.name), names);
  const known = new Map(all.map((s) => [s.name, s]));
  return [...new Set(names)].map((n) => known.get(n) as ManifestStack);
}
