import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/*
 * The whole project type-checks (tsconfig.json: main.ts, modules, config, tools, lambda-src and these tests). jest's
 * transform (SWC) only strips types (isolatedModules), so without this a type error in a file no test imports would
 * pass. It runs as a suite beside the others rather than before them: tsc is single-threaded, and beside a test worker
 * it uses the second core instead of leaving it idle (docs/testing.md).
 */

const ROOT = path.join(__dirname, '..');

describe('the project', () => {
  it('GIVEN every TypeScript file of the project WHEN tsc --noEmit checks it THEN there is no type error', () => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '--pretty', 'false', '-p', path.join(ROOT, 'tsconfig.json')], {
      cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    // THEN: the diagnostics themselves are the failure message
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 300_000);
});
