import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Bundles written to an output folder are reused by the next synth (another process: the next `cdktf synth`, test
 * file or plan) when nothing they were built from has changed, so only a change to a function or a dependency pays
 * for esbuild. What they were built from is recorded beside them in BUNDLE_RECORD: a key for the toolchain and
 * options, and the SHA-256 of every input file esbuild read (its metafile: sources and node_modules alike).
 * A record that does not match in every respect, or a zip that is not the recorded bytes, means a fresh build.
 */
export const BUNDLE_RECORD = 'bundles.json';

/** A bundle as recorded: its zip (a file name in the output folder), SHA-256 (base64) and size. */
export interface RecordedBundle {
  readonly file: string;
  readonly sha256Base64: string;
  readonly size: number;
  /** esbuild's metafile of the build (a file name in the output folder), for the tools that inspect a bundle. */
  readonly metafile: string;
}

interface BundleRecord {
  readonly key: string;
  /** Input path relative to the source root -> SHA-256 (hex). */
  readonly inputs: Readonly<Record<string, string>>;
  readonly bundles: Readonly<Record<string, RecordedBundle>>;
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** A zip's SHA-256 as recorded and as Lambda reports `CodeSha256` (base64). */
export const zipSha256Base64 = (zip: Uint8Array) => createHash('sha256').update(zip).digest('base64');

/**
 * The key of a build: the toolchain and settings that shape the bytes but are not input files, plus the
 * tsconfig.json files esbuild may read for the sources (from each function folder up to the root).
 */
export function bundleKey(settings: unknown, sourceRoot: string, names: readonly string[]): string {
  const tsconfigs: Record<string, string> = {};
  const folders = [...names.map((fn) => path.join(sourceRoot, fn))];
  for (let dir = path.resolve(sourceRoot); ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const folder of folders) {
    const file = path.join(folder, 'tsconfig.json');
    if (fs.existsSync(file)) tsconfigs[file] = sha256Hex(fs.readFileSync(file));
  }
  return sha256Hex(JSON.stringify({ settings, names: [...names].sort(), tsconfigs }));
}

/** The recorded bundles of `outDir` when they were built with `key` from inputs that are all unchanged. */
export function reusableBundles(outDir: string, sourceRoot: string, key: string): ReadonlyMap<string, RecordedBundle> | undefined {
  let record: BundleRecord;
  try {
    record = JSON.parse(fs.readFileSync(path.join(outDir, BUNDLE_RECORD), 'utf8')) as BundleRecord;
  } catch {
    return undefined;
  }
  if (record.key !== key || Object.keys(record.inputs ?? {}).length === 0) return undefined;
  for (const [input, hash] of Object.entries(record.inputs)) {
    const file = path.resolve(sourceRoot, input);
    if (!fs.existsSync(file) || sha256Hex(fs.readFileSync(file)) !== hash) return undefined;
  }
  for (const bundle of Object.values(record.bundles)) {
    const zip = path.join(outDir, bundle.file);
    if (!fs.existsSync(zip) || zipSha256Base64(fs.readFileSync(zip)) !== bundle.sha256Base64) return undefined;
    if (!bundle.metafile || !fs.existsSync(path.join(outDir, bundle.metafile))) return undefined;
  }
  return new Map(Object.entries(record.bundles));
}

/**
 * Records what the bundles just written to `outDir` were built from. `inputs` are esbuild's metafile input paths,
 * relative to the source root. Written to a temporary file and renamed, so a reader never sees half a record.
 */
export function recordBundles(outDir: string, sourceRoot: string, key: string, inputs: readonly string[], bundles: ReadonlyMap<string, RecordedBundle>): void {
  const hashes: Record<string, string> = {};
  for (const input of [...inputs].sort()) {
    const file = path.resolve(sourceRoot, input);
    // An input that is not a file (a virtual module) cannot be checked later: such a build is never reused.
    if (!fs.existsSync(file)) return;
    hashes[input] = sha256Hex(fs.readFileSync(file));
  }
  const record: BundleRecord = { key, inputs: hashes, bundles: Object.fromEntries([...bundles].sort(([a], [b]) => a.localeCompare(b))) };
  writeFileAtomically(path.join(outDir, BUNDLE_RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

/** Writes through a temporary file and a rename: other processes bundling into the same folder read whole files. */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temporary, data);
  fs.renameSync(temporary, file);
}
