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
import { parseArgs } from 'util';
import { Octokit } from '@octokit/rest';
import type { PlanReport } from './plan-report';
import { composeComment, upsertComment } from './github/comment';
import type { CiMatrixEntry, CiSkip } from './github/matrix';

const USAGE = 'Usage: npm run github:comment -- <reports-dir> --matrix <json> [--skipped <json>] [--pull-request <n>] [--dry-run]';

class CommentError extends Error {}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CommentError(`${what} is not JSON: ${(error as Error).message}`);
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
      if (report.version !== 1 || !Array.isArray(report.stacks)) throw new CommentError(`${path.join(dir, f)} is not a plan report (npm run plan -- --json)`);
      return report;
    });
}

function pullRequestNumber(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  if (flag !== undefined) {
    if (!/^[1-9]\d*$/.test(flag)) throw new CommentError(`--pull-request must be a pull-request number; got ${JSON.stringify(flag)}`);
    return Number(flag);
  }
  if (env.GITHUB_EVENT_PATH && fs.existsSync(env.GITHUB_EVENT_PATH)) {
    const event = parseJson<{ pull_request?: { number?: number } }>(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8'), 'GITHUB_EVENT_PATH');
    if (event.pull_request?.number) return event.pull_request.number;
  }
  throw new CommentError('no pull request: pass --pull-request or run on a pull_request event');
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        matrix: { type: 'string' },
        skipped: { type: 'string', default: '[]' },
        'pull-request': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CommentError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || values.matrix === undefined) throw new CommentError(USAGE);
  const matrix = parseJson<{ include?: CiMatrixEntry[] }>(values.matrix, '--matrix');
  const skipped = parseJson<CiSkip[]>(values.skipped as string, '--skipped');
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
  if (!owner || !repo) throw new CommentError('GITHUB_REPOSITORY (owner/name) is not set');
  if (!env.GITHUB_TOKEN) throw new CommentError('GITHUB_TOKEN is not set');
  const octokit = new Octokit({ auth: env.GITHUB_TOKEN, baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com', request: { retries: 0 } });
  const result = await upsertComment(octokit.rest.issues, { owner, repo, pullRequest: pullRequestNumber(values['pull-request'], env) }, body);
  process.stdout.write(`${result.action} comment ${result.id}: ${result.url}\n`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof CommentError ? error.message : `github:comment: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  },
);
