import { unzipSync } from 'fflate';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFunctionBundles, bundleFunction, FUNCTION_ENTRY_FILE, type FunctionBundleBuild } from '../../modules/functions/function-bundle';
import { FUNCTION_ZIP_BUDGET_BYTES } from '../../tools/bench/function-budget';
import { coldStartFiles } from '../../tools/bench/function-bundles';

/*
 * Which AWS SDK clients each function's bundle carries. A client module with side effects at top level (a
 * `perRegion(...)` call) is kept by esbuild in every bundle that imports it, used or not: when all clients lived in
 * one shared module, every function carried every client (audit-recorder's zip was 2.5 times its size). These sets
 * are the clients each function's code really calls, plus what Powertools brings (client-ssm for parameters,
 * client-dynamodb for idempotency); a package new to a set should be one the function started using.
 *
 * Each function is an ES module split into chunks: the clients a resource type or an API needs sit behind import()
 * and load on first use, so COLD_START lists the clients a cold start loads (the entry and the chunks it imports
 * statically). A static import of a client where a lazy one was meant shows up there.
 *
 * bundleFunction keeps no metafile, so a second esbuild run with the same options gives one; its output must be
 * byte-identical to the zipped bundle, otherwise the options below have drifted from modules/functions/function-bundle.ts and
 * this test would be checking some other bundle.
 */

const SOURCE_ROOT = path.join(__dirname, '..', '..', 'lambda-src');

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'audit-recorder': ['client-dynamodb', 'client-ssm', 'lib-dynamodb'],
  'execution-status': ['client-sfn', 'client-ssm'],
  'job-callback': ['client-dynamodb', 'client-sfn', 'client-ssm', 'lib-dynamodb'],
  'recovery-point-tagger': ['client-backup', 'client-dynamodb', 'client-ec2', 'client-rds', 'client-ssm'],
  'restore-cleanup': ['client-backup', 'client-dynamodb', 'client-ec2', 'client-efs', 'client-rds', 'client-s3'],
  'restore-planner': ['client-backup'],
  'restore-validator': ['client-backup', 'client-dynamodb', 'client-ec2', 'client-efs', 'client-rds', 'client-s3', 'client-ssm'],
  'start-execution': ['client-sfn', 'client-ssm'],
};

const COLD_START: Readonly<Record<string, readonly string[]>> = {
  'audit-recorder': ['client-dynamodb', 'client-ssm', 'lib-dynamodb'],
  'execution-status': ['client-sfn', 'client-ssm'],
  'job-callback': ['client-dynamodb', 'client-sfn', 'client-ssm', 'lib-dynamodb'],
  // Idempotency (DynamoDB) and the tag parameters (SSM) serve every event; each tagging API's client is lazy.
  'recovery-point-tagger': ['client-dynamodb', 'client-ssm'],
  // The proof that the restore job created the resource (AWS Backup) comes first for every type.
  'restore-cleanup': ['client-backup'],
  'restore-planner': ['client-backup'],
  // Drills and restore-testing events alike load their clients on first use.
  'restore-validator': [],
  'start-execution': ['client-sfn', 'client-ssm'],
};

/** `@aws-sdk/client-*` and `@aws-sdk/lib-*` packages an input file belongs to (the innermost node_modules wins). */
function sdkPackageOf(input: string): string | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const match = /^@aws-sdk\/((?:client|lib)-[^/]+)\//.exec(input.slice(at + 'node_modules/'.length));
  return match?.[1];
}

function functionNames(): string[] {
  return fs
    .readdirSync(SOURCE_ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(SOURCE_ROOT, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

describe('function bundles carry only the AWS SDK clients they use', () => {
  const names = functionNames();
  let outDir: string;
  let builds: ReadonlyMap<string, FunctionBundleBuild>;
  const packagesIn = (build: FunctionBundleBuild, files: (file: string) => boolean) => {
    const packages = Object.entries(build.metafile.outputs)
      .filter(([file]) => files(path.basename(file)))
      .flatMap(([, output]) => Object.keys(output.inputs).map(sdkPackageOf))
      .filter((p): p is string => p !== undefined);
    return [...new Set(packages)].sort();
  };

  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-contents-'));
    builds = buildFunctionBundles(SOURCE_ROOT, names, outDir);
  });

  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('has an expectation for every function folder', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(names);
    expect(Object.keys(COLD_START).sort()).toEqual(names);
  });

  it.each(Object.keys(EXPECTED))('%s: the metafile build is the bundle bundleFunction zips, entry module first', (name) => {
    // The zip synth deploys (where synth keeps it), against this file's own build.
    const code = bundleFunction(name);
    const zipped = unzipSync(fs.readFileSync(code.zipPath));
    const built = builds.get(name) as FunctionBundleBuild;
    expect(zipped[FUNCTION_ENTRY_FILE]).toBeDefined();
    expect(Object.keys(zipped).sort()).toEqual([...built.files.keys()].sort());
    for (const [file, contents] of built.files) expect(Buffer.from(zipped[file]).equals(Buffer.from(contents))).toBe(true);
  });

  it.each(Object.keys(EXPECTED))('%s: no chunk needs CommonJS require (an ES module has none: esbuild would throw "Dynamic require")', (name) => {
    for (const [file, contents] of (builds.get(name) as FunctionBundleBuild).files) {
      expect({ file, shim: Buffer.from(contents).toString('utf8').includes('Dynamic require of') }).toEqual({ file, shim: false });
    }
  });

  it.each(Object.keys(EXPECTED))('%s: the zip is within the budget of a function', (name) => {
    expect(bundleFunction(name).size).toBeLessThanOrEqual(FUNCTION_ZIP_BUDGET_BYTES);
  });

  it.each(Object.entries(EXPECTED))('%s carries exactly %j', (name, expected) => {
    expect(packagesIn(builds.get(name) as FunctionBundleBuild, () => true)).toEqual(expected);
  });

  it.each(Object.entries(COLD_START))('%s loads exactly %j at a cold start', (name, expected) => {
    const build = builds.get(name) as FunctionBundleBuild;
    const loaded = coldStartFiles(build, path.relative(SOURCE_ROOT, path.join(outDir, name)));
    expect(loaded.has(FUNCTION_ENTRY_FILE)).toBe(true);
    expect(packagesIn(build, (file) => loaded.has(file))).toEqual(expected);
  });
});
