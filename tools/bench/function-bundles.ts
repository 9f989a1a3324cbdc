import { unzipSync } from 'fflate';
import * as fs from 'fs';
import * as path from 'path';
import { buildFunctionBundles, bundleFunction } from '../../modules/functions/function-bundle';

/*
 * Every function of lambda-src bundled fresh (bundleFunction, as synth does) and unzipped, with what fills each
 * bundle: esbuild's metafile, from a second build with the same options, since bundleFunction keeps none.
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
  /** The unzipped entry, `<dir>/index.js`, as Lambda finds it in its task root. */
  readonly entryPath: string;
  /** Packages by bytes in the bundle, largest first. */
  readonly packages: readonly BundleShare[];
  /** Input files by bytes in the bundle, largest first (the first few). */
  readonly topInputs: readonly BundleShare[];
  /** False when the metafile build's output size differs from bundleFunction's: its options have drifted. */
  readonly metafileMatchesBundle: boolean;
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

/** The metafile's outputs, per function: bytes of each input in the output, built with the deployed bundles' options. */
function bundleContents(sourceRoot: string, names: readonly string[]): Map<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }> {
  const result = buildFunctionBundles(sourceRoot, names, 'out');
  return new Map(Object.entries(result.metafile.outputs).map(([file, output]) => [path.basename(file, '.js'), output]));
}

export function bundleFunctions(sourceRoot: string, workDir: string): FunctionBundle[] {
  const names = functionNames(sourceRoot);
  const outDir = path.join(workDir, 'function-zips');
  const contents = bundleContents(sourceRoot, names);
  return names.map((name) => {
    const code = bundleFunction(name, { sourceRoot, outDir });
    const files = unzipSync(fs.readFileSync(code.zipPath));
    const script = files['index.js'];
    if (!script) throw new Error(`${code.zipPath}: no index.js in the bundle`);
    const entryPath = path.join(workDir, 'function-roots', name, 'index.js');
    fs.mkdirSync(path.dirname(entryPath), { recursive: true });
    fs.writeFileSync(entryPath, script);

    const output = contents.get(name);
    if (!output) throw new Error(`esbuild metafile has no output for ${name}`);
    const byPackage = new Map<string, number>();
    const byInput = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
      byInput.set(input.replace(/^(\.\.\/)+/, ''), bytesInOutput);
    }
    return {
      name,
      zipBytes: code.size,
      unzippedBytes: script.length,
      entryPath,
      packages: largestFirst(byPackage),
      topInputs: largestFirst(byInput).slice(0, 3),
      metafileMatchesBundle: output.bytes === script.length,
    };
  });
}
