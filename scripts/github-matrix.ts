/**
 * `npm run github:matrix -- --purpose plan|deploy [--environments <dir>] [--github-output <file>]`
 *
 * Prints (or appends to `$GITHUB_OUTPUT`) the job matrix of the plan or deploy workflow, computed from the
 * validated environment files. A config error is printed as such and exits 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { loadEnvironments } from '../config/load';
import { ConfigError } from '../config/problems';
import { ciMatrix, githubOutputLines, type CiPurpose } from './github/matrix';

const USAGE = 'Usage: npm run github:matrix -- --purpose plan|deploy [--environments <dir>] [--github-output <file>]';

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        purpose: { type: 'string' },
        environments: { type: 'string', default: 'environments' },
        'github-output': { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.purpose !== 'plan' && values.purpose !== 'deploy') {
    process.stderr.write(`--purpose must be plan or deploy; got ${JSON.stringify(values.purpose ?? null)}\n${USAGE}\n`);
    return 2;
  }
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const result = ciMatrix(loadEnvironments(path.resolve(cwd, values.environments as string)), values.purpose as CiPurpose);
  if (values['github-output']) fs.appendFileSync(values['github-output'], githubOutputLines(result));
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const names = result.matrix.include.map((e) => e.environment).join(', ') || 'none';
  process.stderr.write(`${values.purpose}: ${result.matrix.include.length} environment(s) (${names}); ${result.skipped.length} skipped\n`);
  for (const skip of result.skipped) process.stderr.write(`  skipped ${skip.environment}: ${skip.reason}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
