import { unzipSync } from 'fflate';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFunctionBundles, bundleFunction } from '../../modules/functions/function-bundle';
import { FUNCTION_ZIP_BUDGET_BYTES } from '../../tools/bench/function-budget';

/*
 * Which AWS SDK clients each function's bundle carries. A client module with side effects at top level (a
 * `perRegion(...)` call) is kept by esbuild in every bundle that imports it, used or not: when all clients lived in
 * one shared module, every function carried every client (audit-recorder's zip was 2.5 times its size). These sets
 * are the clients each function's code really calls, plus what Powertools brings (client-ssm for parameters,
 * client-dynamodb for idempotency); a package new to a set should be one the function started using.
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
  let metafileBuild: Map<string, { contents: Uint8Array; packages: string[] }>;

  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-contents-'));
    const result = buildFunctionBundles(SOURCE_ROOT, names, outDir);
    const contentsByName = new Map(result.outputFiles.map((file) => [path.basename(file.path, '.js'), file.contents]));
    metafileBuild = new Map(
      Object.entries(result.metafile.outputs).map(([file, output]) => {
        const name = path.basename(file, '.js');
        const packages = new Set(Object.keys(output.inputs).map(sdkPackageOf).filter((p): p is string => p !== undefined));
        return [name, { contents: contentsByName.get(name) as Uint8Array, packages: [...packages].sort() }];
      }),
    );
  });

  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('has an expectation for every function folder', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(names);
  });

  it.each(Object.keys(EXPECTED))('%s: the metafile build is the bundle bundleFunction zips', (name) => {
    const code = bundleFunction(name, { sourceRoot: SOURCE_ROOT, outDir });
    const script = unzipSync(fs.readFileSync(code.zipPath))['index.js'];
    expect(script).toBeDefined();
    expect(Buffer.from(metafileBuild.get(name)?.contents ?? []).equals(Buffer.from(script))).toBe(true);
  });

  it.each(Object.keys(EXPECTED))('%s: the zip is within the budget of a function', (name) => {
    expect(bundleFunction(name, { sourceRoot: SOURCE_ROOT, outDir }).size).toBeLessThanOrEqual(FUNCTION_ZIP_BUDGET_BYTES);
  });

  it.each(Object.entries(EXPECTED))('%s carries exactly %j', (name, expected) => {
    expect(metafileBuild.get(name)?.packages).toEqual(expected);
  });
});
