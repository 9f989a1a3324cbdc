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
