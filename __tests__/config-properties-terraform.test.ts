import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseEnvironments } from '../config/load';
import { formatPath } from '../config/problems';
import { prepareTerraformCli } from '../tools/lib/terraform/cli-config';
import { writeOfflineOverride } from '../tools/lib/terraform/offline-override';
import { terraformInit, terraformValidate } from '../tools/lib/terraform/runner';
import {
  estateArbitrary,
  estateSources,
  mutatedEstate,
  receivedText,
  type GeneratedEstate,
  type MutatedEstate,
} from './support/config-arbitraries';
import { MUTATIONS } from './support/aws-rule-mutations';
import { synthToDisk } from './support/synth-to-disk';
import { terraformToolchain } from './support/terraform';
import { typescriptCommand } from '../tools/lib/typescript-command';

/*
 * The property tests of config-properties.test.ts, taken to the real tools for a small fixed sample:
 * - generated valid estates synthesized to disk by the real cdktf App and checked by real `terraform validate`
 *   (offline, through the provider mirror);
 * - generated mutated estates given to the real CLI (main.ts through tsx): it must refuse them with the file named,
 *   without a stack trace, and write nothing.
 */

const SEED = 20_260_611;
const ESTATES_GENERATED = 30;
const CLI_CASES = 6;
const ROOT = path.join(__dirname, '..');
const ran = { estates: 0, stacks: 0, cli: [] as string[] };

afterAll(() => {
  console.log(`config properties through real tools (seed ${SEED}): terraform validate on ${ran.stacks} stacks of ${ran.estates} generated estates ` +
    `(the fewest stacks of ${ESTATES_GENERATED} that use every feature they use); the CLI on ${ran.cli.length} mutated estates (${ran.cli.join('; ')})`);
});

/** What of the schema one environment of an estate uses. */
function features(estate: GeneratedEstate, env: any): Set<string> {
  const found = new Set<string>([`partition ${estate.partition}`]);
  for (const vault of env.vaults ?? []) {
    if (vault.lock) found.add(`${vault.lock.mode} lock`);
    if (vault.type === 'logically-air-gapped') found.add('air-gapped vault');
    if (vault.kms?.existingKeyArns) found.add('existing keys');
    if (vault.notifications) found.add('notifications');
    if (vault.acceptCopiesFrom?.organizationId) found.add('accepts an organization');
  }
  for (const plan of env.plans ?? []) {
    if (plan.regions?.length > 1) found.add('plan in several regions');
    for (const rule of plan.rules) {
      if (rule.continuousBackup) found.add('continuous backup');
      if (rule.lifecycle?.moveToColdStorageAfterDays) found.add('cold storage');
      for (const copy of rule.copyTo ?? []) found.add(copy.environment && copy.environment !== env.name ? 'cross-account copy' : 'same-account copy');
    }
    for (const selection of plan.selections) for (const key of Object.keys(selection)) found.add(`selection ${key}`);
  }
  if (env.orchestration?.drills) found.add('drills');
  if (env.orchestration?.restoreTesting) found.add('restore testing');
  if (env.orchestration?.regions?.length > 1) found.add('orchestration in several regions');
  if (env.access?.api) found.add('start endpoint');
  if (env.access?.ci) found.add('CI roles');
  if (env.access?.identityProxies) found.add('identity proxies');
  if (env.access?.permissionsBoundaryArn) found.add('own boundary');
  if (env.state?.lockTable) found.add('lock table');
  return found;
}

interface Candidate {
  readonly estate: GeneratedEstate;
  readonly index: number;
  readonly environment: string;
  readonly features: ReadonlySet<string>;
}

/*
 * Every `terraform validate` starts the provider once per Region of the stack, so the sample is covered with as few
 * stacks as possible: greedily, the environment that adds the most features not yet validated (ties keep sample
 * order), until every feature any generated estate uses is in a validated stack. Grouped by estate, since an
 * environment's stack needs its estate (the central account, the copy targets) to be synthesized.
 */
function stacksCoveringEveryFeature(estates: readonly GeneratedEstate[]): { estate: GeneratedEstate; index: number; environments: string[]; features: string[] }[] {
  const candidates: Candidate[] = estates.flatMap((estate, index) =>
    (estate.environments as any[]).map((env) => ({ estate, index, environment: env.name as string, features: features(estate, env) })));
  const uncovered = new Set(candidates.flatMap((c) => [...c.features]));
  const chosen: Candidate[] = [];
  while (uncovered.size > 0) {
    const gain = (c: Candidate) => [...c.features].filter((f) => uncovered.has(f)).length;
    const best = candidates.reduce((a, b) => (gain(b) > gain(a) ? b : a));
    chosen.push(best);
    best.features.forEach((f) => uncovered.delete(f));
  }
  const byEstate = new Map<number, Candidate[]>();
  for (const c of chosen) byEstate.set(c.index, [...(byEstate.get(c.index) ?? []), c]);
  return [...byEstate.entries()].sort(([a], [b]) => a - b).map(([index, picked]) => ({
    estate: picked[0].estate,
    index,
    environments: picked.map((c) => c.environment).sort(),
    features: [...new Set(picked.flatMap((c) => [...c.features]))].sort(),
  }));
}

describe('generated valid estates through real terraform validate', () => {
  const { mirror } = terraformToolchain();
  const estates = fc.sample(estateArbitrary({ members: { min: 1, max: 2 } }), { seed: SEED, numRuns: ESTATES_GENERATED });
  const sample = stacksCoveringEveryFeature(estates);
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('GIVEN the fixed sample THEN the stacks chosen for terraform use every feature any of its estates uses', () => {
    const environments = estates.flatMap((estate) => (estate.environments as any[]).map((env) => features(estate, env)));
    expect(new Set(sample.flatMap((s) => s.features))).toEqual(new Set(environments.flatMap((used) => [...used])));
    expect(sample.flatMap((s) => s.environments).length).toBeLessThan(environments.length);
  });

  it.each(sample.map(({ estate, index, environments, features: used }) => [index, environments.join(', '), used.join(', '), estate, environments] as const))(
    'GIVEN generated estate #%i (stacks %s; uses %s) WHEN synthesized to disk by the cdktf App THEN every stack passes terraform init and validate',
    async (_i, _names, _features, estate, environments) => {
      // GIVEN the validated models of the estate, and the environments chosen from it
      const models = parseEnvironments(estateSources(estate)).filter((m) => environments.includes(m.name));

      // WHEN synthesized by the real App (security rule pack included) and checked by terraform, all stacks at once
      const { outdir, stacks } = synthToDisk(models, 'properties');
      outdirs.push(outdir);
      const cli = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(outdir, '.terraformrc'), mirror, offline: true });
      const results = await Promise.all(stacks.map(async (stack) => {
        writeOfflineOverride(stack.dir);
        await terraformInit(stack.dir, cli.env);
        const validation = await terraformValidate(stack.dir, cli.env);
        return { stack: stack.name, valid: validation.valid, errors: validation.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail ?? ''}`) };
      }));
      ran.estates += 1;
      ran.stacks += stacks.length;

      // THEN one stack per chosen environment, each valid
      expect(stacks.map((s) => s.name).sort()).toEqual([...environments]);
      expect(results).toEqual(stacks.map((s) => ({ stack: s.name, valid: true, errors: [] })));
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// The CLI
// ---------------------------------------------------------------------------------------------------------------

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runMain(environmentsDir: string, outdir: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(...typescriptCommand(ROOT, 'main.ts'), { cwd: ROOT, env: { ...process.env, BACKUP_ENVIRONMENTS_DIR: environmentsDir, CDKTF_OUTDIR: outdir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A fixed handful of mutated estates: the YAML-level mistakes, and kinds drawn by the seed. */
function cliCases(dir: string): (MutatedEstate & { kind: string })[] {
  const always = ['yaml: syntax error', 'yaml: empty file'];
  const drawn = fc.sample(fc.shuffledSubarray(MUTATIONS.filter((m) => !always.includes(m.kind)).map((m) => m.kind), { minLength: CLI_CASES - always.length, maxLength: CLI_CASES - always.length }), { seed: SEED, numRuns: 1 })[0];
  return [...always, ...drawn].map((kind, i) => {
    const mutation = MUTATIONS.find((m) => m.kind === kind)!;
    const caseDir = path.join(dir, `case-${i}`);
    const [made] = fc.sample(fc.tuple(estateArbitrary(), fc.gen()).map(([estate, g]) => mutatedEstate(mutation, estate, g, caseDir)), { seed: SEED + i, numRuns: 1 });
    return { kind, ...made };
  });
}

describe('generated mutated estates through the real CLI (main.ts)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-properties-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cases = cliCases(dir);

  it('GIVEN a handful of mutated estates on disk WHEN the app runs on each THEN it exits non-zero, names the file, rule and value on stderr, prints no stack trace and writes nothing', async () => {
    // GIVEN each estate in its own folder, and an output folder that does not exist yet
    const runs = await Promise.all(cases.map(async ({ kind, sources, expected }, i) => {
      const caseDir = path.join(dir, `case-${i}`);
      fs.mkdirSync(caseDir, { recursive: true });
      for (const { file, text } of sources) fs.writeFileSync(file, text);
      const outdir = path.join(dir, `out-${i}`, 'cdktf.out');
      // WHEN the app runs
      const run = await runMain(caseDir, outdir);
      ran.cli.push(kind);
      return { kind, expected, outdir, run };
    }));

    for (const { kind, expected, outdir, run } of runs) {
      // THEN it exits 1 with the problem on stderr: the file, the path, the rule and the value
      expect([kind, run.status]).toEqual([kind, 1]);
      const value = expected.received === undefined ? '.*' : escape(receivedText(expected.received.value));
      const line = new RegExp(`^ {2}- ${escape(expected.file)}(:\\d+)?: ${escape(formatPath(expected.path))}: .+ \\[${escape(expected.rule)}\\] \\(received: ${value}\\)$`, 'm');
      expect([kind, run.stderr]).toEqual([kind, expect.stringMatching(line)]);
      expect(run.stderr).toMatch(/^\d+ problems? in the environment configuration:\n/);
      // AND no stack trace, no error class printed, nothing on stdout
      expect([kind, run.stderr]).not.toEqual([kind, expect.stringMatching(/^\s+at .+:\d+:\d+\)?$/m)]);
      expect([kind, run.stderr]).not.toEqual([kind, expect.stringMatching(/^\w*Error\b/m)]);
      expect(run.stdout).toBe('');
      // AND nothing was synthesized
      expect([kind, fs.existsSync(outdir)]).toEqual([kind, false]);
    }
  });
});
