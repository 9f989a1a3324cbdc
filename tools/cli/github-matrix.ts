/**
 * `npm run github:matrix -- --purpose plan|deploy [--environments <dir>] [--github-output <file>]`
 *
 * Prints (or appends to `$GITHUB_OUTPUT`) the job matrix of the plan or deploy workflow, computed from the
 * validated environment files. A config error is printed as such and exits 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../config/load';
import { parseCommandLine, runCommand, UsageError } from '../lib/command-line';
import { ciMatrix, githubOutputLines } from '../lib/github/matrix';
import { defaultEnvironmentsDir } from '../../config/environment-files';

const USAGE = 'Usage: npm run github:matrix -- --purpose plan|deploy [--environments <dir>] [--github-output <file>]';

function main(argv: string[]): number {
  const { values } = parseCommandLine(argv, {
    purpose: { type: 'string' },
    environments: { type: 'string', default: defaultEnvironmentsDir() },
    'github-output': { type: 'string' },
  }, USAGE);
  const purpose = values.purpose;
  if (purpose !== 'plan' && purpose !== 'deploy') throw new UsageError(`--purpose must be plan or deploy; got ${JSON.stringify(purpose ?? null)}`, USAGE);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const result = ciMatrix(loadEnvironments(path.resolve(cwd, values.environments)), purpose);
  if (values['github-output']) fs.appendFileSync(values['github-output'], githubOutputLines(result));
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const names = result.matrix.include.map((e) => e.environment).join(', ') || 'none';
  process.stderr.write(`${purpose}: ${result.matrix.include.length} environment(s) (${names}); ${result.skipped.length} skipped\n`);
  for (const skip of result.skipped) process.stderr.write(`  skipped ${skip.environment}: ${skip.reason}\n`);
  return 0;
}

runCommand('github:matrix', () => main(process.argv.slice(2)));
