/**
 * `npm run build` (and `prepack`): the package another cdktf app installs.
 *
 * - dist/modules, dist/config: CommonJS JS and .d.ts of the library (tsconfig.build.json; the public API is
 *   dist/modules/index.js, see modules/index.ts);
 * - dist/functions: every Lambda function of lambda-src bundled by the same esbuild code as synth
 *   (modules/functions/function-bundle.ts), as deterministic zips with a manifest. The compiled library finds them there, so a
 *   consumer needs neither esbuild nor the AWS SDK, and nothing is written inside its node_modules;
 * - dist/start-api.openapi.json: the OpenAPI description of the start endpoint.
 *
 * dist/ is removed first, so nothing stale is packed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writePrebuiltFunctions } from '../../modules/functions/function-bundle';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

function main(): void {
  const started = Date.now();
  fs.rmSync(DIST, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) {
    process.stderr.write('build: tsc -p tsconfig.build.json failed\n');
    process.exit(tsc.status ?? 1);
  }
  const functions = writePrebuiltFunctions(path.join(DIST, 'functions'));
  fs.copyFileSync(path.join(ROOT, 'modules', 'start-api', 'start-api.openapi.json'), path.join(DIST, 'start-api.openapi.json'));
  const kib = [...functions.values()].reduce((sum, f) => sum + f.size, 0) / 1024;
  process.stdout.write(
    `build: dist/ written in ${((Date.now() - started) / 1000).toFixed(1)} s: library (dist/modules, dist/config), ` +
      `${functions.size} function bundles (${kib.toFixed(0)} KiB), start-api.openapi.json\n`,
  );
}

main();
