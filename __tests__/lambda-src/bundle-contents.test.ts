import * as fs from 'fs';
import * as path from 'path';
import { bundledFunction, FUNCTION_ENTRY_FILE } from '../../modules/functions/function-bundle';
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
 * The metafile read is the one esbuild wrote building the deployed zip (bundledFunction); its outputs must be exactly
 * the files in the zip, or this test would be reading some other build.
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
  type Build = ReturnType<typeof bundledFunction>;
  let builds: ReadonlyMap<string, Build>;
  const packagesIn = (build: Build, files: (file: string) => boolean) => {
    const packages = Object.entries(build.metafile.outputs)
      .filter(([file]) => files(path.basename(file)))
      .flatMap(([, output]) => Object.keys(output.inputs).map(sdkPackageOf))
      .filter((p): p is string => p !== undefined);
    return [...new Set(packages)].sort();
  };

  // The bundles synth deploys, where synth keeps them (.build/functions), each with its metafile.
  beforeAll(() => {
    builds = new Map(names.map((name) => [name, bundledFunction(name)]));
  });
  /** Where a bundle's files are in its metafile: relative to the source root, as esbuild reports them. */
  const outputDirOf = (build: Build, name: string) => path.relative(SOURCE_ROOT, path.join(build.outDir, name));

  it('has an expectation for every function folder', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(names);
    expect(Object.keys(COLD_START).sort()).toEqual(names);
  });

  it.each(Object.keys(EXPECTED))('%s: the metafile describes the zip bundleFunction deploys, entry module first', (name) => {
    const build = builds.get(name) as Build;
    expect(build.files.has(FUNCTION_ENTRY_FILE)).toBe(true);
    const outputs = Object.keys(build.metafile.outputs).map((file) => path.relative(outputDirOf(build, name), file).split(path.sep).join('/'));
    expect(outputs.sort()).toEqual([...build.files.keys()].sort());
    for (const [file, output] of Object.entries(build.metafile.outputs)) {
      expect([file, build.files.get(path.relative(outputDirOf(build, name), file).split(path.sep).join('/'))?.length]).toEqual([file, output.bytes]);
    }
  });

  it.each(Object.keys(EXPECTED))('%s: no chunk needs CommonJS require (an ES module has none: esbuild would throw "Dynamic require")', (name) => {
    for (const [file, contents] of (builds.get(name) as Build).files) {
      expect({ file, shim: Buffer.from(contents).toString('utf8').includes('Dynamic require of') }).toEqual({ file, shim: false });
    }
  });

  it.each(Object.keys(EXPECTED))('%s: the zip is within the budget of a function', (name) => {
    expect((builds.get(name) as Build).code.size).toBeLessThanOrEqual(FUNCTION_ZIP_BUDGET_BYTES);
  });

  it.each(Object.entries(EXPECTED))('%s carries exactly %j', (name, expected) => {
    expect(packagesIn(builds.get(name) as Build, () => true)).toEqual(expected);
  });

  it.each(Object.entries(COLD_START))('%s loads exactly %j at a cold start', (name, expected) => {
    const build = builds.get(name) as Build;
    const loaded = coldStartFiles(build, outputDirOf(build, name));
    expect(loaded.has(FUNCTION_ENTRY_FILE)).toBe(true);
    expect(packagesIn(build, (file) => loaded.has(file))).toEqual(expected);
  });
});
