import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { buildFunctionsSync, type FunctionBuildResult } from './build-functions-sync';
import { bundleKey, recordBundles, reusableBundles, writeFileAtomically, type RecordedBundle } from './function-bundle-cache';
import { SCHEMA_KEYS_REWRITE } from './sdk-schema-keys';

/** A function's deployment package: a zip on disk and its SHA-256 (base64, as Lambda reports `CodeSha256`). */
export interface FunctionCode {
  readonly zipPath: string;
  readonly sha256Base64: string;
  /** Bytes of the zip. */
  readonly size: number;
}

export interface BundleOptions {
  /**
   * Folder holding one folder per function (`<name>/index.ts`); bundles from source with esbuild.
   * @default the package's prebuilt bundles when it has them (see PREBUILT_FUNCTIONS_DIR), else lambda-src next to modules/
   */
  readonly sourceRoot?: string;
  /** Where zips are written when bundling from source. @default .build/functions next to modules/ */
  readonly outDir?: string;
}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/**
 * Where the packaged library keeps its bundles (`npm run build` writes `dist/functions/` beside `dist/modules/`):
 * the zips and a manifest. From the sources of this repository the folder does not exist, and functions are
 * bundled from lambda-src at synth.
 */
export const PREBUILT_FUNCTIONS_DIR = path.join(__dirname, '..', '..', 'functions');
const MANIFEST = 'manifest.json';

/** What `dist/functions/manifest.json` records for each prebuilt bundle. */
interface PrebuiltManifest {
  readonly nodeTarget: string;
  readonly functions: Readonly<Record<string, { readonly file: string; readonly sha256Base64: string; readonly size: number }>>;
}
/** Node.js runtime the bundles target; keep in step with BackupFunction's runtime. */
export const FUNCTION_NODE_TARGET = 'node22';
/**
 * Zip entries carry a timestamp; a fixed one (local-time fields, as the zip format stores them) makes the same
 * code give the same bytes, so Terraform sees no change when nothing changed.
 */
const FIXED_ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);
const cache = new Map<string, FunctionCode>();

/**
 * The deployment package of function `name`. Packaged (built with `npm run build`), the library carries every
 * function prebuilt: the zip is read from PREBUILT_FUNCTIONS_DIR and nothing is written or bundled, so a consumer
 * needs neither esbuild nor the AWS SDK. From source (or with `sourceRoot`), it bundles `<sourceRoot>/<name>/index.ts`
 * with esbuild (dependencies included, CommonJS, minified) into a deterministic zip at synth time, so `cdktf synth`
 * needs nothing but `npm ci`; the first request bundles every function folder of the source root in one esbuild run
 * (they share most of their dependencies), and a process bundles each function once. Bundles already in `outDir`
 * from the same inputs are reused (function-bundle-cache.ts). All give the same bytes for the same code: Terraform
 * sees no change.
 */
export function bundleFunction(name: string, options: BundleOptions = {}): FunctionCode {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bundleFunction: function folders are lowercase words joined by "-"; got "${name}"`);
  if (options.sourceRoot === undefined && fs.existsSync(path.join(PREBUILT_FUNCTIONS_DIR, MANIFEST))) return prebuiltFunction(name);
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

/**
 * Bundles every function of the source root into `outDir` and writes the manifest that makes the folder a set of
 * prebuilt bundles (`npm run build` puts them in `dist/functions/`, PREBUILT_FUNCTIONS_DIR of the compiled library).
 */
export function writePrebuiltFunctions(outDir: string, sourceRoot: string = path.join(PROJECT_ROOT, 'lambda-src')): ReadonlyMap<string, FunctionCode> {
  const bundles = bundleAll(sourceRoot, outDir, functionFolders(sourceRoot));
  const manifest: PrebuiltManifest = {
    nodeTarget: FUNCTION_NODE_TARGET,
    functions: Object.fromEntries([...bundles].map(([fn, code]) => [fn, { file: path.basename(code.zipPath), sha256Base64: code.sha256Base64, size: code.size }])),
  };
  fs.writeFileSync(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return bundles;
}

function prebuiltFunction(name: string): FunctionCode {
  const key = `prebuilt:${name}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const manifest = JSON.parse(fs.readFileSync(path.join(PREBUILT_FUNCTIONS_DIR, MANIFEST), 'utf8')) as PrebuiltManifest;
  const entry = manifest.functions[name];
  if (!entry) {
    throw new Error(`bundleFunction: no prebuilt bundle for function "${name}" in ${PREBUILT_FUNCTIONS_DIR} (it has ${Object.keys(manifest.functions).join(', ')})`);
  }
  const zipPath = path.join(PREBUILT_FUNCTIONS_DIR, entry.file);
  const zip = fs.readFileSync(zipPath);
  const sha256Base64 = createHash('sha256').update(zip).digest('base64');
  if (sha256Base64 !== entry.sha256Base64) {
    throw new Error(`bundleFunction: prebuilt bundle ${zipPath} does not match its manifest (SHA-256 ${sha256Base64}, expected ${entry.sha256Base64}); rebuild the package`);
  }
  const code: FunctionCode = { zipPath, sha256Base64, size: zip.length };
  cache.set(key, code);
  return code;
}

/** esbuild and fflate are needed only to bundle from source: loaded then, so the packaged library does without them. */
function bundlers(): { esbuildVersion: string; zipSync: typeof import('fflate').zipSync } {
  try {
    const { version: esbuildVersion } = require('esbuild') as typeof import('esbuild');
    const { zipSync } = require('fflate') as typeof import('fflate');
    return { esbuildVersion, zipSync };
  } catch (error) {
    throw new Error(`bundleFunction: bundling functions from source needs esbuild and fflate installed (${(error as Error).message})`);
  }
}

/**
 * The esbuild options every function is bundled with (one entry point per function folder, output `<name>.js`);
 * buildFunctionBundles adds the plugin that inlines the SDK's schema keys.
 */
export function functionBuildOptions(sourceRoot: string, names: readonly string[], outDir: string) {
  return {
    entryPoints: names.map((fn) => ({ in: path.join(sourceRoot, fn, 'index.ts'), out: fn })),
    outdir: outDir,
    bundle: true,
    platform: 'node' as const,
    target: FUNCTION_NODE_TARGET,
    format: 'cjs' as const,
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    legalComments: 'eof' as const,
    sourcemap: false,
    write: false as const,
    logLevel: 'silent' as const,
    absWorkingDir: sourceRoot,
  };
}

const ZIP_LEVEL = 9;

/**
 * Bundles `names` exactly as they are deployed (functionBuildOptions, the SDK's schema keys inlined so that esbuild
 * keeps only the shapes each function's commands use: sdk-schema-keys.ts), with esbuild's metafile. Exported so that
 * tools measuring or inspecting the bundles build exactly what is deployed.
 */
export function buildFunctionBundles(sourceRoot: string, names: readonly string[], outDir: string): FunctionBuildResult {
  return buildFunctionsSync(functionBuildOptions(sourceRoot, names, outDir));
}

/**
 * Bundles `names` into `outDir`, or reuses what an earlier build wrote there when it was built the same way from
 * the same inputs (function-bundle-cache.ts): the bytes are the same either way.
 */
function bundleAll(sourceRoot: string, outDir: string, names: readonly string[]): Map<string, FunctionCode> {
  const { esbuildVersion, zipSync } = bundlers();
  const options = functionBuildOptions(sourceRoot, names, outDir);
  const key = bundleKey({
    esbuild: esbuildVersion, options: { ...options, outdir: undefined }, schemaKeys: SCHEMA_KEYS_REWRITE, zip: { level: ZIP_LEVEL, time: '1980-01-01T00:00 local' },
  }, sourceRoot, names);
  const codeOf = (bundle: RecordedBundle): FunctionCode => ({ zipPath: path.join(outDir, bundle.file), sha256Base64: bundle.sha256Base64, size: bundle.size });
  const reused = reusableBundles(outDir, sourceRoot, key);
  if (reused && names.every((fn) => reused.has(fn))) return new Map(names.map((fn) => [fn, codeOf(reused.get(fn) as RecordedBundle)]));

  const result = buildFunctionBundles(sourceRoot, names, outDir);
  fs.mkdirSync(outDir, { recursive: true });
  const recorded = new Map<string, RecordedBundle>();
  for (const output of result.outputFiles) {
    const fn = path.basename(output.path, '.js');
    const zip = zipSync({ 'index.js': [output.contents, { mtime: FIXED_ZIP_TIME, os: 3, attrs: 0o100644 << 16 }] }, { level: ZIP_LEVEL });
    writeFileAtomically(path.join(outDir, `${fn}.zip`), zip);
    recorded.set(fn, { file: `${fn}.zip`, sha256Base64: createHash('sha256').update(zip).digest('base64'), size: zip.length });
  }
  recordBundles(outDir, sourceRoot, key, Object.keys(result.metafile.inputs), recorded);
  return new Map([...recorded].map(([fn, bundle]) => [fn, codeOf(bundle)]));
}
