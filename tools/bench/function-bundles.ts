import * as fs from 'fs';
import * as path from 'path';
import { bundledFunction, FUNCTION_ENTRY_FILE, type FunctionBundleBuild } from '../../modules/functions/function-bundle';

/*
 * Every function of lambda-src as synth bundles it (bundledFunction: bundleFunction's zip, reused from
 * .build/functions when built the same way from the same inputs) and unzipped, with what fills each bundle: the
 * metafile esbuild wrote building it.
 */

export interface BundleShare {
  /** An npm package (`@aws-sdk/client-backup`), or `lambda-src` for the project's own code. */
  readonly name: string;
  /** Bytes it contributes to the minified bundle. */
  readonly bytes: number;
}

export interface FunctionBundle {
  readonly name: string;
  readonly zipBytes: number;
  readonly unzippedBytes: number;
  /** The unzipped entry, `<dir>/index.mjs`, as Lambda finds it in its task root (its chunks beside it). */
  readonly entryPath: string;
  /** Bytes of the files a cold start loads: the entry and the chunks it imports statically, not those behind import(). */
  readonly coldStartBytes: number;
  /** Files in the zip: the entry and its chunks. */
  readonly fileCount: number;
  /** Packages by bytes in the bundle, largest first. */
  readonly packages: readonly BundleShare[];
  /** Input files by bytes in the bundle, largest first (the first few). */
  readonly topInputs: readonly BundleShare[];
}

/** Folders of the source root that hold a function (`<name>/index.ts`), as bundleFunction finds them. */
export function functionNames(sourceRoot: string): string[] {
  return fs
    .readdirSync(sourceRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(sourceRoot, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return 'lambda-src';
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function largestFirst(byName: Map<string, number>): BundleShare[] {
  return [...byName].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The files loaded before the handler runs: the entry and, transitively, every chunk it imports statically. */
export function coldStartFiles(build: FunctionBundleBuild, outputDir: string): Set<string> {
  const byRelative = new Map(Object.entries(build.metafile.outputs).map(([file, output]) => [path.relative(outputDir, file).split(path.sep).join('/'), output]));
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const output = byRelative.get(file) as { imports?: Array<{ path: string; kind: string; external?: boolean }> } | undefined;
    for (const imported of output?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(path.relative(outputDir, imported.path).split(path.sep).join('/'));
    }
  };
  visit(FUNCTION_ENTRY_FILE);
  return loaded;
}

export function bundleFunctions(sourceRoot: string, workDir: string): FunctionBundle[] {
  const names = functionNames(sourceRoot);
  return names.map((name) => {
    const build = bundledFunction(name, { sourceRoot });
    const { code, files } = build;
    if (!files.has(FUNCTION_ENTRY_FILE)) throw new Error(`${code.zipPath}: no ${FUNCTION_ENTRY_FILE} in the bundle`);
    const root = path.join(workDir, 'function-roots', name);
    for (const [file, contents] of files) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), contents);
    }

    const byPackage = new Map<string, number>();
    const byInput = new Map<string, number>();
    for (const output of Object.values(build.metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
        byInput.set(input.replace(/^(\.\.\/)+/, ''), (byInput.get(input.replace(/^(\.\.\/)+/, '')) ?? 0) + bytesInOutput);
      }
    }
    // Metafile paths are relative to the source root, as esbuild reports them.
    const coldStart = coldStartFiles(build, path.relative(sourceRoot, path.join(build.outDir, name)));
    return {
      name,
      zipBytes: code.size,
      unzippedBytes: [...files.values()].reduce((sum, contents) => sum + contents.length, 0),
      entryPath: path.join(root, FUNCTION_ENTRY_FILE),
      coldStartBytes: [...coldStart].reduce((sum, file) => sum + (files.get(file)?.length ?? 0), 0),
      fileCount: files.size,
      packages: largestFirst(byPackage),
      topInputs: largestFirst(byInput).slice(0, 3),
    };
  });
}
