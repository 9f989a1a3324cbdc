import * as fs from 'fs';
import * as path from 'path';
import { buildFunctionsSync, type FunctionBuildResult } from './build-functions-sync';
import { bundleKey, recordBundles, reusableBundles, writeFileAtomically, zipSha256Base64, type RecordedBundle } from './function-bundle-cache';
import { SCHEMA_KEYS_REWRITE } from './sdk-schema-keys';
import type { Zippable } from 'fflate';

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
/** The functions' sources, and where synth writes their bundles (BundleOptions' defaults). */
const SOURCE_ROOT = path.join(PROJECT_ROOT, 'lambda-src');
const SYNTH_BUNDLE_DIR = path.join(PROJECT_ROOT, '.build', 'functions');
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
 * with esbuild (dependencies included, ES modules split into chunks loaded on first use, minified) into a
 * deterministic zip at synth time, so `cdktf synth` needs nothing but `npm ci`; the first request bundles every
 * function folder of the source root (one esbuild build each, side by side in one worker), and a process bundles each
 * function once. Bundles already in `outDir` from the same inputs are reused (function-bundle-cache.ts). All give the
 * same bytes for the same code: Terraform sees no change.
 */
export function bundleFunction(name: string, options: BundleOptions = {}): FunctionCode {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bundleFunction: function folders are lowercase words joined by "-"; got "${name}"`);
  if (options.sourceRoot === undefined && fs.existsSync(path.join(PREBUILT_FUNCTIONS_DIR, MANIFEST))) return prebuiltFunction(name);
  const sourceRoot = options.sourceRoot ?? SOURCE_ROOT;
  const outDir = options.outDir ?? SYNTH_BUNDLE_DIR;
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
 * Every function of the source root, bundled, in `outDir` with the manifest that makes the folder a set of prebuilt
 * bundles (`npm run build` puts them in `dist/functions/`, PREBUILT_FUNCTIONS_DIR of the compiled library). The
 * bundles are made in `bundleDir` and copied: by default synth's own folder for this repository's functions, so a
 * build after a synth (or a test run) reuses synth's bundles instead of running esbuild again (function-bundle-cache.ts
 * decides; the bytes are the same either way), and `outDir` itself for another source root.
 */
export function writePrebuiltFunctions(
  outDir: string,
  sourceRoot: string = SOURCE_ROOT,
  bundleDir: string = sourceRoot === SOURCE_ROOT ? SYNTH_BUNDLE_DIR : outDir,
): ReadonlyMap<string, FunctionCode> {
  const built = bundleAll(sourceRoot, bundleDir, functionFolders(sourceRoot));
  const bundles = path.resolve(bundleDir) === path.resolve(outDir) ? built : copyBundles(built, outDir);
  const manifest: PrebuiltManifest = {
    nodeTarget: FUNCTION_NODE_TARGET,
    functions: Object.fromEntries([...bundles].map(([fn, code]) => [fn, { file: path.basename(code.zipPath), sha256Base64: code.sha256Base64, size: code.size }])),
  };
  fs.writeFileSync(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return bundles;
}

/** The zips copied into `outDir`, each checked against the SHA-256 it was recorded with (the manifest promises it). */
function copyBundles(bundles: ReadonlyMap<string, FunctionCode>, outDir: string): Map<string, FunctionCode> {
  fs.mkdirSync(outDir, { recursive: true });
  return new Map([...bundles].map(([fn, code]) => {
    const zip = fs.readFileSync(code.zipPath);
    const sha256Base64 = zipSha256Base64(zip);
    if (sha256Base64 !== code.sha256Base64) {
      throw new Error(`writePrebuiltFunctions: bundle ${code.zipPath} changed while it was copied (SHA-256 ${sha256Base64}, recorded ${code.sha256Base64}); build again`);
    }
    const zipPath = path.join(outDir, path.basename(code.zipPath));
    writeFileAtomically(zipPath, zip);
    return [fn, { ...code, zipPath }] as const;
  }));
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
  const sha256Base64 = zipSha256Base64(zip);
  if (sha256Base64 !== entry.sha256Base64) {
    throw new Error(`bundleFunction: prebuilt bundle ${zipPath} does not match its manifest (SHA-256 ${sha256Base64}, expected ${entry.sha256Base64}); rebuild the package`);
  }
  const code: FunctionCode = { zipPath, sha256Base64, size: zip.length };
  cache.set(key, code);
  return code;
}

const metafileName = (name: string) => `${name}.metafile.json`;

/**
 * Function `name` bundled from source exactly as bundleFunction deploys it (the same zip, reused when built the same
 * way from the same inputs), with the files in its zip and the metafile esbuild wrote building it: for the tools that
 * inspect or measure bundles, without a build of their own. Metafile paths are relative to the source root.
 */
export function bundledFunction(name: string, options: BundleOptions = {}): FunctionBundleBuild & { readonly code: FunctionCode; readonly outDir: string } {
  const sourceRoot = options.sourceRoot ?? SOURCE_ROOT;
  const outDir = options.outDir ?? SYNTH_BUNDLE_DIR;
  const code = bundleFunction(name, { sourceRoot, outDir });
  const { unzipSync } = require('fflate') as typeof import('fflate');
  const files = new Map(Object.entries(unzipSync(fs.readFileSync(code.zipPath))).sort(([a], [b]) => a.localeCompare(b)));
  const metafile = JSON.parse(fs.readFileSync(path.join(outDir, metafileName(name)), 'utf8')) as FunctionBuildResult['metafile'];
  return { code, outDir, files, metafile };
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
 * The file Lambda loads for handler `index.handler`: `.mjs` makes it an ES module (Lambda, "Designating a function
 * handler as an ES module": https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#designate-es-module).
 */
export const FUNCTION_ENTRY_FILE = 'index.mjs';

/**
 * The esbuild options function `name` is bundled with (output in `<outDir>/<name>/`); buildFunctionBundles adds the
 * plugin that inlines the SDK's schema keys. ES modules with code splitting because that is the only way esbuild
 * keeps a dynamic `import()` lazy without giving up tree shaking: each import() becomes a chunk that Node loads when
 * the import runs, so the clients a resource type or an API needs are compiled and evaluated on first use, not at
 * every cold start (in CommonJS, esbuild would wrap the imported modules and keep every shape of every SDK client).
 */
export function functionBuildOptions(sourceRoot: string, name: string, outDir: string) {
  return {
    entryPoints: [{ in: path.join(sourceRoot, name, 'index.ts'), out: path.basename(FUNCTION_ENTRY_FILE, '.mjs') }],
    outdir: path.join(outDir, name),
    bundle: true,
    splitting: true,
    platform: 'node' as const,
    target: FUNCTION_NODE_TARGET,
    format: 'esm' as const,
    outExtension: { '.js': '.mjs' },
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

/** One function's bundle as built: its files (path inside the zip -> contents) and esbuild's metafile. */
export interface FunctionBundleBuild {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly metafile: FunctionBuildResult['metafile'];
}

const ZIP_LEVEL = 9;

/**
 * Bundles `names` exactly as they are deployed (functionBuildOptions, one esbuild build per function so that no chunk
 * is shared between functions and a change to one leaves the others' bytes alone; the SDK's schema keys inlined so
 * that esbuild keeps only the shapes each function's commands use: sdk-schema-keys.ts), with esbuild's metafiles
 * (kept beside the zips for the tools that inspect a bundle: bundledFunction).
 */
function buildFunctionBundles(sourceRoot: string, names: readonly string[], outDir: string): ReadonlyMap<string, FunctionBundleBuild> {
  const builds = buildFunctionsSync(names.map((name) => functionBuildOptions(sourceRoot, name, outDir)));
  return new Map(names.map((name, i) => {
    // esbuild resolves a relative outdir against its working directory, the source root.
    const functionDir = path.resolve(sourceRoot, outDir, name);
    const files = new Map(builds[i].outputFiles.map((file) => [path.relative(functionDir, file.path).split(path.sep).join('/'), file.contents] as const));
    if (!files.has(FUNCTION_ENTRY_FILE)) throw new Error(`bundleFunction: esbuild wrote no ${FUNCTION_ENTRY_FILE} for ${name}`);
    return [name, { files: new Map([...files].sort(([a], [b]) => a.localeCompare(b))), metafile: builds[i].metafile }];
  }));
}

/**
 * Bundles `names` into `outDir`, or reuses what an earlier build wrote there when it was built the same way from
 * the same inputs (function-bundle-cache.ts): the bytes are the same either way.
 */
function bundleAll(sourceRoot: string, outDir: string, names: readonly string[]): Map<string, FunctionCode> {
  const { esbuildVersion, zipSync } = bundlers();
  const options = functionBuildOptions(sourceRoot, '<function>', outDir);
  const key = bundleKey({
    esbuild: esbuildVersion, options: { ...options, entryPoints: undefined, outdir: undefined }, schemaKeys: SCHEMA_KEYS_REWRITE, zip: { level: ZIP_LEVEL, time: '1980-01-01T00:00 local' },
  }, sourceRoot, names);
  const codeOf = (bundle: RecordedBundle): FunctionCode => ({ zipPath: path.join(outDir, bundle.file), sha256Base64: bundle.sha256Base64, size: bundle.size });
  const reused = reusableBundles(outDir, sourceRoot, key);
  if (reused && names.every((fn) => reused.has(fn))) return new Map(names.map((fn) => [fn, codeOf(reused.get(fn) as RecordedBundle)]));

  const builds = buildFunctionBundles(sourceRoot, names, outDir);
  fs.mkdirSync(outDir, { recursive: true });
  const recorded = new Map<string, RecordedBundle>();
  for (const [fn, build] of builds) {
    // Entries in name order with a fixed time and mode: the same code gives the same zip.
    const entries: Zippable = Object.fromEntries([...build.files].map(([file, contents]) => [file, [contents, { mtime: FIXED_ZIP_TIME, os: 3, attrs: 0o100644 << 16 }]]));
    const zip = zipSync(entries, { level: ZIP_LEVEL });
    writeFileAtomically(path.join(outDir, `${fn}.zip`), zip);
    // Kept for the tools that inspect a bundle (bundledFunction), so that they need no second build.
    writeFileAtomically(path.join(outDir, metafileName(fn)), JSON.stringify(build.metafile));
    recorded.set(fn, { file: `${fn}.zip`, sha256Base64: zipSha256Base64(zip), size: zip.length, metafile: metafileName(fn) });
  }
  const inputs = new Set([...builds.values()].flatMap((build) => Object.keys(build.metafile.inputs)));
  recordBundles(outDir, sourceRoot, key, [...inputs], recorded);
  return new Map([...recorded].map(([fn, bundle]) => [fn, codeOf(bundle)]));
}
