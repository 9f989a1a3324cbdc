/**
 * `npm run github:comment -- <reports-dir> --matrix <json> [--skipped <json>] [--pull-request <n>] [--dry-run]`
 *
 * Reads the plan jobs' reports (`*.json` written by `npm run plan -- --json`), composes the pull-request comment
 * and creates or updates it. GitHub context comes from the Actions environment: GITHUB_TOKEN, GITHUB_REPOSITORY,
 * GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID, and the pull request from GITHUB_EVENT_PATH. `--dry-run`
 * prints the body instead. Exits 1 when any environment failed to plan (after commenting), so the check is red.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Octokit } from '@octokit/rest';
import { CommandError, parseCommandLine, runCommand, UsageError } from '../lib/command-line';
import type { PlanReport } from '../lib/plan-report';
import { composeComment, upsertComment } from '../lib/github/comment';
import type { CiMatrixEntry, CiSkip } from '../lib/github/matrix';

const USAGE = 'Usage: npm run github:comment -- <reports-dir> --matrix <json> [--skipped <json>] [--pull-request <n>] [--dry-run]';

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CommandError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

function readReports(dir: string): PlanReport[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const report = parseJson<PlanReport>(fs.readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f));
      if (report.version !== 1 || !Array.isArray(report.stacks)) throw new CommandError(`${path.join(dir, f)} is not a plan report (npm run plan -- --json)`);
      return report;
    });
}

function pullRequestNumber(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  if (flag !== undefined) {
    if (!/^[1-9]\d*$/.test(flag)) throw new CommandError(`--pull-request must be a pull-request number; got ${JSON.stringify(flag)}`);
    return Number(flag);
  }
  if (env.GITHUB_EVENT_PATH && fs.existsSync(env.GITHUB_EVENT_PATH)) {
    const event = parseJson<{ pull_request?: { number?: number } }>(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8'), 'GITHUB_EVENT_PATH');
    if (event.pull_request?.number) return event.pull_request.number;
  }
  throw new CommandError('no pull request: pass --pull-request or run on a pull_request event');
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    matrix: { type: 'string' },
    skipped: { type: 'string', default: '[]' },
    'pull-request': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  }, USAGE, { positionals: true });
  if (positionals.length !== 1 || values.matrix === undefined) throw new UsageError(USAGE);
  const matrix = parseJson<{ include?: CiMatrixEntry[] }>(values.matrix, '--matrix');
  const skipped = parseJson<CiSkip[]>(values.skipped, '--skipped');
  const reports = readReports(path.resolve(env.INIT_CWD ?? process.cwd(), positionals[0]));
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const { body, failedEnvironments } = composeComment(reports, matrix.include ?? [], skipped, { runUrl, sha: env.PLANNED_SHA ?? env.GITHUB_SHA });
  const failed = failedEnvironments.length > 0;
  if (failed) process.stderr.write(`failed to plan: ${failedEnvironments.join(', ')}\n`);

  if (values['dry-run']) {
    process.stdout.write(body);
    return failed ? 1 : 0;
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new CommandError('GITHUB_REPOSITORY (owner/name) is not set');
  if (!env.GITHUB_TOKEN) throw new CommandError('GITHUB_TOKEN is not set');
  const octokit = new Octokit({ auth: env.GITHUB_TOKEN, baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com', request: { retries: 0 } });
  const result = await upsertComment(octokit.rest.issues, { owner, repo, pullRequest: pullRequestNumber(values['pull-request'], env) }, body);
  process.stdout.write(`${result.action} comment ${result.id}: ${result.url}\n`);
  return failed ? 1 : 0;
}

runCommand('github:comment', () => main(process.argv.slice(2), process.env));
