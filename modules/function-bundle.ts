import { createHash } from 'crypto';
import { buildSync } from 'esbuild';
import { zipSync } from 'fflate';
import * as fs from 'fs';
import * as path from 'path';

/** A function's deployment package: a zip on disk and its SHA-256 (base64, as Lambda reports `CodeSha256`). */
export interface FunctionCode {
  readonly zipPath: string;
  readonly sha256Base64: string;
  /** Bytes of the zip. */
  readonly size: number;
}

export interface BundleOptions {
  /** Folder holding one folder per function (`<name>/index.ts`). @default lambda-src next to modules/ */
  readonly sourceRoot?: string;
  /** Where zips are written. @default .build/functions next to modules/ */
  readonly outDir?: string;
}

const PROJECT_ROOT = path.resolve(__dirname, '..');
/** Node.js runtime the bundles target; keep in step with BackupFunction's runtime. */
export const FUNCTION_NODE_TARGET = 'node22';
/**
 * Zip entries carry a timestamp; a fixed one (local-time fields, as the zip format stores them) makes the same
 * code give the same bytes, so Terraform sees no change when nothing changed.
 */
const FIXED_ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);
const cache = new Map<string, FunctionCode>();

/**
 * Bundles `lambda-src/<name>/index.ts` with esbuild (dependencies included, CommonJS, minified) into a
 * deterministic zip. Runs at synth time, so `cdktf synth` needs nothing but `npm ci`. The first request bundles
 * every function folder of the source root in one esbuild run (they share most of their dependencies); a process
 * bundles each function once.
 */
export function bundleFunction(name: string, options: BundleOptions = {}): FunctionCode {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bundleFunction: function folders are lowercase words joined by "-"; got "${name}"`);
  const sourceRoot = options.sourceRoot ?? path.join(PROJECT_ROOT, 'lambda-src');
  const outDir = options.outDir ?? path.join(PROJECT_ROOT, '.build', 'functions');
  const entry = path.join(sourceRoot, name, 'index.ts');
  const cacheKey = (fn: string) => `${path.join(sourceRoot, fn)}->${outDir}`;
  if (!cache.has(cacheKey(name))) {
    if (!fs.existsSync(entry)) throw new Error(`bundleFunction: no entry point for function "${name}"; expected ${entry}`);
    const names = functionFolders(sourceRoot);
    for (const [fn, code] of bundleAll(sourceRoot, outDir, names.includes(name) ? names : [...names, name])) cache.set(cacheKey(fn), code);
  }
  return cache.get(cacheKey(name)) as FunctionCode;
}

/** Folders of the source root that hold a function (`<name>/index.ts`). */
function functionFolders(sourceRoot: string): string[] {
  return fs
    .readdirSync(sourceRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[a-z][a-z0-9-]*$/.test(d.name) && fs.existsSync(path.join(sourceRoot, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

function bundleAll(sourceRoot: string, outDir: string, names: readonly string[]): Map<string, FunctionCode> {
  const result = buildSync({
    entryPoints: names.map((fn) => ({ in: path.join(sourceRoot, fn, 'index.ts'), out: fn })),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: FUNCTION_NODE_TARGET,
    format: 'cjs',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    legalComments: 'eof',
    sourcemap: false,
    write: false,
    logLevel: 'silent',
    absWorkingDir: sourceRoot,
  });
  fs.mkdirSync(outDir, { recursive: true });
  const bundles = new Map<string, FunctionCode>();
  for (const output of result.outputFiles) {
    const fn = path.basename(output.path, '.js');
    const zip = zipSync({ 'index.js': [output.contents, { mtime: FIXED_ZIP_TIME, os: 3, attrs: 0o100644 << 16 }] }, { level: 9 });
    const zipPath = path.join(outDir, `${fn}.zip`);
    fs.writeFileSync(zipPath, zip);
    bundles.set(fn, { zipPath, sha256Base64: createHash('sha256').update(zip).digest('base64'), size: zip.length });
  }
  return bundles;
}
