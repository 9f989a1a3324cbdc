import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMENT_MARKER, composeComment, upsertComment, type IssueCommentsApi } from '../../../tools/lib/github/comment';
import { renderPlanMarkdown, renderPlanTable, truncateText, type PlanReport, type StackPlanReport } from '../../../tools/lib/plan-report';
import { prepareTerraformCli } from '../../../tools/lib/terraform/cli-config';
import { terraformApply, terraformInit, terraformPlan } from '../../../tools/lib/terraform/runner';
import { terraformToolchain } from '../../support/terraform';
import { tempDirMaker } from '../../support/temp-dirs';
import { typescriptCommand } from '../../../tools/lib/typescript-command';

const ROOT = path.join(__dirname, '..', '..', '..');
const tempDir = tempDirMaker();

const planned = (environment: string, add: number, planText = `plan of ${environment}\n`): StackPlanReport => ({
  environment, status: 'planned', seconds: 1, add, change: 0, destroy: 0, resourceCount: add, planText,
});
const report = (...stacks: StackPlanReport[]): PlanReport => ({
  version: 1, mode: 'online', terraformVersion: '1.11.4', seconds: 1, stacks,
  totals: { planned: stacks.length, failed: 0, add: 0, change: 0, destroy: 0 },
});
const entry = (environment: string) => ({ environment, region: 'eu-west-1', roleArn: `arn:aws:iam::222222222222:role/${environment}-backup-ci-plan` });

describe('plan report rendering', () => {
  it('GIVEN two planned stacks and a failed one WHEN rendered THEN one table row each, the totals, the error open and each plan folded', () => {
    const markdown = renderPlanMarkdown([planned('prod', 3), { environment: 'dev', status: 'failed', seconds: 2, error: 'Error: no credentials' }, planned('staging', 0)]);
    expect(markdown).toContain('| prod | ✅ planned | 3 | 0 | 0 | 3 |');
    expect(markdown).toContain('| dev | ❌ failed |  |  |  |  |');
    expect(markdown).toContain('**2 planned, 1 failed**: 3 to add, 0 to change, 0 to destroy.');
    expect(markdown).toContain('<details open><summary>❌ dev: plan failed</summary>');
    expect(markdown).toContain('<details><summary>prod: 3 to add, 0 to change, 0 to destroy</summary>');
    expect(markdown).toContain('<details><summary>staging: no changes</summary>');
  });

  it('GIVEN a plan text holding a code fence WHEN rendered THEN the fence around it is longer, so the text cannot close it', () => {
    const markdown = renderPlanMarkdown([planned('prod', 1, 'description = "```not the end```"\n')]);
    expect(markdown).toContain('````text\ndescription = "```not the end```"\n````');
  });

  it('GIVEN plans far larger than a GitHub comment WHEN rendered THEN the document fits the limit, each plan says it was cut and where the full one is', () => {
    const huge = Array.from({ length: 20000 }, (_, i) => `  + resource ${i}`).join('\n');
    const markdown = renderPlanMarkdown([planned('prod', 1, huge), planned('staging', 1, huge)], { maxChars: 60000, fullPlanLocation: 'the run' });
    expect(markdown.length).toBeLessThanOrEqual(60000);
    expect(markdown.match(/more lines not shown: the full plan is in the run/g)).toHaveLength(2);
  });

  it('GIVEN text under the limit THEN it is kept whole; over it THEN cut on a line boundary with the count of lines left out', () => {
    expect(truncateText('a\nb\n', 10, 'x')).toBe('a\nb\n');
    expect(truncateText('line1\nline2\nline3\n', 8, 'the run')).toBe('line1\n... 2 more lines not shown: the full plan is in the run');
  });

  it('GIVEN stacks WHEN printed for a terminal THEN a row per stack and a totals line', () => {
    const table = renderPlanTable([planned('prod', 3), { environment: 'dev', status: 'failed', seconds: 2 }]);
    expect(table).toMatch(/^prod\s+3\s+0\s+0\s+3\s+1\.0$/m);
    expect(table).toMatch(/^dev\s+FAILED\s+2\.0$/m);
    expect(table).toMatch(/2 stacks: 1 planned, 1 failed; 3 to add, 0 to change, 0 to destroy\.$/);
  });
});

describe('pull-request comment', () => {
  it('GIVEN reports for prod only but a matrix of prod and staging WHEN composed THEN staging is a failure (its job wrote nothing), skipped environments are listed', () => {
    const { body, failedEnvironments } = composeComment([report(planned('prod', 2))], [entry('prod'), entry('staging')], [{ environment: 'dev', reason: 'no CI role' }], {
      runUrl: 'https://github.example/acme/backup-estate/actions/runs/7',
      sha: '0123456789abcdef0123',
    });
    expect(body.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(failedEnvironments).toEqual(['staging']);
    expect(body).toContain('| staging | ❌ failed |');
    expect(body).toContain('The plan job wrote no report');
    expect(body).toContain('| dev | ⏭️ not planned: no CI role |');
    expect(body).toContain('commit 0123456789ab · [workflow run](https://github.example/acme/backup-estate/actions/runs/7)');
  });

  it('GIVEN 150 other comments and ours on the second page WHEN upserting THEN ours is updated, nothing is created', async () => {
    const others = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `comment ${i}` }));
    const comments = [...others, { id: 999, body: `${COMMENT_MARKER}\nold` }];
    const calls: string[] = [];
    const api: IssueCommentsApi = {
      listComments: async ({ page, per_page }) => {
        calls.push(`list ${page}`);
        return { data: comments.slice((page - 1) * per_page, page * per_page) };
      },
      createComment: async () => {
        calls.push('create');
        return { data: { id: 1000, html_url: 'new' } };
      },
      updateComment: async ({ comment_id, body }) => {
        calls.push(`update ${comment_id} ${body.length}`);
        return { data: { id: comment_id, html_url: 'url' } };
      },
    };
    await expect(upsertComment(api, { owner: 'acme', repo: 'backup-estate', pullRequest: 5 }, `${COMMENT_MARKER}\nnew`)).resolves.toEqual({ action: 'updated', id: 999, url: 'url' });
    expect(calls).toEqual(['list 1', 'list 2', `update 999 ${COMMENT_MARKER.length + 4}`]);
  });

  /** A fake GitHub REST API for one pull request's comments, on a local port. */
  async function fakeGitHub(): Promise<{ url: string; comments: { id: number; body: string }[]; requests: string[]; close: () => Promise<void> }> {
    const comments: { id: number; body: string }[] = [{ id: 1, body: 'LGTM' }];
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
        res.setHeader('content-type', 'application/json');
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (req.method === 'GET' && url.pathname === '/repos/acme/backup-estate/issues/42/comments') {
          const page = Number(url.searchParams.get('page') ?? 1);
          res.end(JSON.stringify(page === 1 ? comments : []));
        } else if (req.method === 'POST' && url.pathname === '/repos/acme/backup-estate/issues/42/comments') {
          const created = { id: 100 + comments.length, body: JSON.parse(raw).body };
          comments.push(created);
          res.statusCode = 201;
          res.end(JSON.stringify({ ...created, html_url: `https://github.example/c/${created.id}` }));
        } else if (req.method === 'PATCH' && url.pathname.startsWith('/repos/acme/backup-estate/issues/comments/')) {
          const id = Number(url.pathname.split('/').pop());
          const found = comments.find((c) => c.id === id)!;
          found.body = JSON.parse(raw).body;
          res.end(JSON.stringify({ ...found, html_url: `https://github.example/c/${id}` }));
        } else {
          res.statusCode = 404;
          res.end(JSON.stringify({ message: 'Not Found' }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, comments, requests, close: () => new Promise((r) => server.close(() => r())) };
  }

  function runCommentCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(...typescriptCommand(ROOT, 'tools/cli/github-comment.ts', args), { cwd: ROOT, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('GIVEN the real CLI and Octokit against a fake GitHub WHEN run twice THEN the first run creates the comment and the second updates the same one', async () => {
    const github = await fakeGitHub();
    try {
      const reports = tempDir('reports-');
      fs.writeFileSync(path.join(reports, 'prod.json'), JSON.stringify(report(planned('prod', 202))));
      const event = path.join(tempDir('event-'), 'event.json');
      fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 42 } }));
      const env = { GITHUB_TOKEN: 'test-token', GITHUB_REPOSITORY: 'acme/backup-estate', GITHUB_API_URL: github.url, GITHUB_EVENT_PATH: event, GITHUB_SERVER_URL: 'https://github.example', GITHUB_RUN_ID: '7' };
      const args = [reports, '--matrix', JSON.stringify({ include: [entry('prod')] })];

      const first = await runCommentCli(args, env);
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toMatch(/^created comment 101: https:\/\/github.example\/c\/101/);
      fs.writeFileSync(path.join(reports, 'prod.json'), JSON.stringify(report(planned('prod', 3))));
      const second = await runCommentCli(args, env);
      expect(second.stdout).toMatch(/^updated comment 101/);

      expect(github.comments).toHaveLength(2);
      expect(github.comments[1].body).toContain('| prod | ✅ planned | 3 | 0 | 0 | 3 |');
      expect(github.requests.filter((r) => !r.startsWith('GET'))).toEqual([
        'POST /repos/acme/backup-estate/issues/42/comments token test-token',
        'PATCH /repos/acme/backup-estate/issues/comments/101 token test-token',
      ]);
    } finally {
      await github.close();
    }
  });

  it('GIVEN a report that is not a plan report WHEN commenting THEN a one-line error and exit 1, nothing posted', async () => {
    const reports = tempDir('reports-');
    fs.writeFileSync(path.join(reports, 'x.json'), '{"hello":1}');
    const result = await runCommentCli([reports, '--matrix', '{"include":[]}', '--dry-run'], {});
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/x\.json is not a plan report \(npm run plan -- --json\)$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run plan and deploy, for real', () => {
  it('GIVEN dev WHEN `plan -- dev --offline --json --markdown` runs THEN stdout is only the JSON report, the Markdown has the table and the folded plan', () => {
    const out = tempDir('plan-');
    const markdown = path.join(out, 'plan.md');
    const env = { ...process.env, CDKTF_OUTDIR: path.join(out, 'cdktf.out') };
    const result = spawnSync(...typescriptCommand(ROOT, 'tools/cli/plan.ts', ['dev', '--offline', '--json', '--markdown', markdown]), { cwd: ROOT, encoding: 'utf8', env });
    expect(result.status).toBe(0);
    const parsed = JSON.parse(result.stdout) as PlanReport;
    expect(parsed).toMatchObject({ version: 1, mode: 'offline', totals: { planned: 1, failed: 0, add: 115, change: 0, destroy: 0 } });
    expect(parsed.stacks[0].planText).toMatch(/Plan: 115 to add, 0 to change, 0 to destroy\./);
    expect(result.stderr).toMatch(/\[1\/1\] ok {4}dev: 115 to add, 0 to change, 0 to destroy/);
    expect(result.stderr).toMatch(/1 stack: 1 planned, 0 failed; 115 to add, 0 to change, 0 to destroy\./);
    const text = fs.readFileSync(markdown, 'utf8');
    expect(text).toContain('| dev | ✅ planned | 115 | 0 | 0 | 115 |');
    expect(text).toContain('<details><summary>dev: 115 to add, 0 to change, 0 to destroy</summary>');
    // AND the offline run's local backend is recorded in its own data dir: the stack's .terraform records no backend,
    // so a later `cdktf diff` / `deploy` initialises the real S3 backend as a first init ("Backend configuration changed" never comes up)
    const stackDir = path.join(out, 'cdktf.out', 'stacks', 'dev');
    expect(fs.existsSync(path.join(stackDir, '.terraform', 'terraform.tfstate'))).toBe(false);
    const offlineBackend = JSON.parse(fs.readFileSync(path.join(stackDir, '.terraform-offline', 'terraform.tfstate'), 'utf8')) as { backend: { type: string } };
    expect(offlineBackend.backend.type).toBe('local');
    expect(fs.existsSync(path.join(stackDir, 'offline_override.tf.json'))).toBe(false);
  });

  it('GIVEN an unknown environment WHEN planning THEN the known ones are named, exit 1, no stack trace', () => {
    const env = { ...process.env, CDKTF_OUTDIR: path.join(tempDir('plan-'), 'cdktf.out') };
    const result = spawnSync(...typescriptCommand(ROOT, 'tools/cli/plan.ts', ['nope', '--offline']), { cwd: ROOT, encoding: 'utf8', env });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Unknown environment: nope\. Known: backup-central, dev, prod, staging\./);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('GIVEN deploy without credentials or without one environment THEN it refuses before touching anything', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: tempDir('home-') };
    for (const key of Object.keys(env)) if (key.startsWith('AWS_')) delete env[key];
    const none = spawnSync(...typescriptCommand(ROOT, 'tools/cli/deploy.ts', ['dev']), { cwd: ROOT, encoding: 'utf8', env });
    expect(none.status).toBe(1);
    expect(none.stderr.trim()).toBe('No AWS credentials found: deploy needs real credentials (it never runs offline).');
    const two = spawnSync(...typescriptCommand(ROOT, 'tools/cli/deploy.ts', ['dev', 'prod']), { cwd: ROOT, encoding: 'utf8', env });
    expect(two.stderr).toMatch(/^Name exactly one environment to deploy\./);
  });

  it('GIVEN a saved plan WHEN terraformApply runs THEN exactly that plan is applied (terraform_data, built into terraform: no provider, no AWS)', async () => {
    const { mirror } = terraformToolchain();
    const dir = tempDir('apply-');
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { terraform_data: { marker: { input: 'applied' } } }, output: { marker: { value: '${terraform_data.marker.output}' } } }));
    const cli = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(dir, '.terraformrc'), mirror, offline: true });
    await terraformInit(dir, cli.env);
    const plan = await terraformPlan(dir, cli.env, { keepPlanFile: true, planFile: 'saved.tfplan', lock: true });
    expect(plan).toMatchObject({ add: 1, change: 0, destroy: 0 });
    const output = await terraformApply(dir, cli.env, 'saved.tfplan');
    expect(output).toMatch(/Apply complete! Resources: 1 added, 0 changed, 0 destroyed\./);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8')).outputs.marker.value).toBe('applied');
  });
});
