import { Testing } from 'cdktf';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { parseEnvironments, validateEnvironmentConfigs, type EnvironmentSource } from '../../config/load';
import type { EnvironmentModel } from '../../config/model';
import { ConfigError, formatPath } from '../../config/problems';
import { RULES, type RuleId } from '../../config/checks/catalog';
import { BackupEnvironmentStack } from '../../modules/estate/backup-environment-stack';
import {
  estateArbitrary,
  estateSources,
  fileOfEnvironment,
  mutatedEstate,
  receivedText,
  type ExpectedProblem,
  type GeneratedEstate,
} from '../support/config-arbitraries';
import { MUTATIONS, NOT_MUTATED } from '../support/aws-rule-mutations';
import { resourcesOf, testingApp, type SynthesizedStack } from '../support/synth';

/*
 * Property-based tests of config validation (fast-check, fixed seeds so every CI run checks the same cases):
 * - generated VALID estates (a central backup account and 1-3 members, written as YAML files) validate without a
 *   problem, give the same models through the YAML loader and the in-memory path, and synthesize stacks that hold
 *   what the files ask for;
 * - generated MUTATIONS of valid estates (one mistake each, every kind the schema and the rules enforce) are always
 *   refused with one ConfigError, never another exception, whose message names the file, the path, the rule and the
 *   value.
 * The number of generated cases per property is printed after the suite. Sample estates through real terraform
 * validate, and mutated estates through the real CLI, are in config-properties-terraform.test.ts.
 */

// Fixed, so that every CI run checks the same cases; CONFIG_PROPERTIES_SEED and CONFIG_PROPERTIES_SCALE explore others.
const SEED = Number(process.env.CONFIG_PROPERTIES_SEED ?? 20_260_601);
const SCALE = Number(process.env.CONFIG_PROPERTIES_SCALE ?? 1);
const RUNS = { valid: 150 * SCALE, synthesized: 16 * SCALE, perMutation: 6 * SCALE } as const;
// Failures are reported as drawn (endOnFailure): shrinking whole estates takes long and barely makes them smaller; the
// seed and path fast-check prints replay the case.
const casesRun = new Map<string, number>();
const count = (property: string) => casesRun.set(property, (casesRun.get(property) ?? 0) + 1);

afterAll(() => {
  const mutationCases = [...casesRun].filter(([k]) => k.startsWith('mutation: ')).reduce((n, [, v]) => n + v, 0);
  const valid = casesRun.get('valid estates validate') ?? 0;
  const synthesized = casesRun.get('valid estates synthesize') ?? 0;
  console.log([
    `config properties (seed ${SEED}):`,
    `  valid estates validate: ${valid} cases`,
    `  valid estates synthesize: ${synthesized} cases (${casesRun.get('synthesized stacks') ?? 0} stacks)`,
    `  mutations are refused: ${mutationCases} cases over ${MUTATIONS.length} kinds (${RUNS.perMutation} per kind)`,
    `  in total: ${valid + mutationCases} validation cases, ${synthesized} synthesis cases`,
  ].join('\n'));
});

// ---------------------------------------------------------------------------------------------------------------
// The tests' own reading of a raw config (independent of config/normalize/)
// ---------------------------------------------------------------------------------------------------------------

type Raw = any;
const regionsOf = (env: Raw): string[] => [env.regions.primary, ...(env.regions.additional ?? [])];
const vaultRegionsOf = (env: Raw, vault: Raw): string[] => vault.regions ?? regionsOf(env);
const planRegionsOf = (env: Raw, plan: Raw): string[] => plan.regions ?? [env.regions.primary];
const vaultArn = (env: Raw, region: string, name: string) => `arn:${env.partition}:backup:${region}:${env.accountId}:backup-vault:${name}`;
const byName = (estate: GeneratedEstate) => new Map(estate.environments.map((e) => [e.name, e as Raw]));
const orchestrationRegionsOf = (env: Raw): string[] => (env.orchestration?.enabled === false ? [] : env.orchestration?.regions ?? [env.regions.primary]);

/** Every copy a rule asks for, as the destination ARN and the retention the copy keeps. */
function expectedCopies(estate: GeneratedEstate, env: Raw, rule: Raw): { arn: string; deleteAfterDays?: number }[] {
  const envs = byName(estate);
  return (rule.copyTo ?? []).map((copy: Raw) => {
    const destination = envs.get(copy.environment ?? env.name);
    return {
      arn: vaultArn(destination, copy.region, copy.vault ?? rule.vault),
      deleteAfterDays: (copy.lifecycle ?? rule.lifecycle)?.deleteAfterDays,
    };
  });
}

const sorted = <T>(items: T[]): T[] => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

function expectModelAsAsked(estate: GeneratedEstate, env: Raw, model: EnvironmentModel): void {
  expect({ name: model.name, accountId: model.accountId, partition: model.partition, regions: model.regions })
    .toEqual({ name: env.name, accountId: env.accountId, partition: env.partition, regions: regionsOf(env) });
  expect(sorted(model.vaults.map((v) => `${v.region}/${v.name}`)))
    .toEqual(sorted((env.vaults ?? []).flatMap((v: Raw) => vaultRegionsOf(env, v).map((r) => `${r}/${v.name}`))));
  expect(sorted(model.plans.map((p) => `${p.region}/${p.name}`)))
    .toEqual(sorted((env.plans ?? []).flatMap((p: Raw) => planRegionsOf(env, p).map((r) => `${r}/${p.name}`))));
  for (const plan of env.plans ?? []) {
    for (const region of planRegionsOf(env, plan)) {
      const modelPlan = model.plans.find((p) => p.name === plan.name && p.region === region)!;
      for (const rule of plan.rules) {
        const modelRule = modelPlan.rules.find((r) => r.name === rule.name)!;
        expect(modelRule.copies.map((c) => ({ arn: c.destinationVaultArn, deleteAfterDays: c.lifecycle?.deleteAfterDays })))
          .toEqual(expectedCopies(estate, env, rule));
      }
    }
  }
  const envs = byName(estate);
  for (const vault of env.vaults ?? []) {
    const accounts = [...new Set((vault.acceptCopiesFrom?.environments ?? []).map((n: string) => envs.get(n).accountId))].sort();
    for (const modelVault of model.vaults.filter((v) => v.name === vault.name)) expect(modelVault.copySources.accountIds).toEqual(accounts);
  }
  expect(model.orchestration?.regions ?? []).toEqual([...new Set(orchestrationRegionsOf(env))]);
  expect(model.access.api !== undefined).toBe(env.access?.api !== undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Valid estates
// ---------------------------------------------------------------------------------------------------------------

describe('generated valid estates', () => {
  it('GIVEN a generated valid estate written as YAML files WHEN validated THEN there is no problem, one model per file holds what the file asks for, and the in-memory path gives the same models', () => {
    fc.assert(
      fc.property(estateArbitrary(), (estate) => {
        count('valid estates validate');
        // WHEN the YAML files are validated together
        const sources = estateSources(estate);
        const models = parseEnvironments(sources);

        // THEN one model per file, in file order, each as its file asks
        expect(models.map((m) => m.sourceFile)).toEqual(sources.map((s) => s.file));
        for (const model of models) expectModelAsAsked(estate, estate.environments.find((e) => e.name === model.name), model);

        // AND the in-memory objects (what the YAML parses to) give the same models
        const inMemory = validateEnvironmentConfigs(estate.environments.map((config) => ({ file: fileOfEnvironment(config.name), config })));
        const byFile = (ms: EnvironmentModel[]) => sorted(ms.map((m) => ({ ...m, sourceFile: undefined })));
        expect(byFile(inMemory)).toEqual(byFile(models));
      }),
      { seed: SEED, numRuns: RUNS.valid, endOnFailure: true },
    );
  });

  it('GIVEN a generated valid estate WHEN every environment is synthesized as a cdktf stack THEN nothing throws and each stack holds the vaults, plans, copies, locks and orchestration its file asks for', () => {
    fc.assert(
      fc.property(estateArbitrary(), (estate) => {
        count('valid estates synthesize');
        // GIVEN the models of the estate
        const models = parseEnvironments(estateSources(estate));

        // WHEN every environment is synthesized in one app, the security rule pack included (an aspect). cdktf's own
        // validations (providers present; `terraform version` run for the moved blocks, a child process per stack) run
        // where the real App synthesizes generated estates: config-properties-terraform.test.ts.
        const app = testingApp();
        const stacks = models.map((model) => new BackupEnvironmentStack(app, model));
        const synthesized = stacks.map((stack) => JSON.parse(Testing.synth(stack)) as SynthesizedStack);

        // THEN each stack holds what its file asks for
        casesRun.set('synthesized stacks', (casesRun.get('synthesized stacks') ?? 0) + stacks.length);
        models.forEach((model, i) => expectStackAsAsked(estate, estate.environments.find((e) => e.name === model.name), synthesized[i]));
      }),
      { seed: SEED + 1, numRuns: RUNS.synthesized, endOnFailure: true },
    );
  });
});

const providerRegion = (resource: Record<string, any>) => String(resource.provider).replace(/^aws\./, '');

function expectStackAsAsked(estate: GeneratedEstate, env: Raw, stack: SynthesizedStack): void {
  // One provider alias per region.
  expect(stack.provider.aws.map((p: any) => [p.alias, p.region]).sort()).toEqual(regionsOf(env).map((r) => [r, r]).sort());

  // One vault per vault and region (logically air-gapped ones as their own type), each lock as configured.
  const vaults = (env.vaults ?? []) as Raw[];
  const expectedVaults = (airGapped: boolean) => sorted(vaults.filter((v) => (v.type === 'logically-air-gapped') === airGapped)
    .flatMap((v) => vaultRegionsOf(env, v).map((r) => `${r}/${v.name}`)));
  expect(sorted(resourcesOf(stack, 'aws_backup_vault').map(([, v]) => `${providerRegion(v)}/${v.name}`))).toEqual(expectedVaults(false));
  expect(sorted(resourcesOf(stack, 'aws_backup_logically_air_gapped_vault').map(([, v]) => `${providerRegion(v)}/${v.name}`))).toEqual(expectedVaults(true));
  const locks = resourcesOf(stack, 'aws_backup_vault_lock_configuration').map(([, l]) => [providerRegion(l), l.min_retention_days, l.max_retention_days, l.changeable_for_days]);
  const expectedLocks = vaults.filter((v) => v.lock).flatMap((v) => vaultRegionsOf(env, v).map((r) => [r, v.lock.minRetentionDays, v.lock.maxRetentionDays, v.lock.changeableForDays]));
  expect(sorted(locks)).toEqual(sorted(expectedLocks));

  // One plan per plan and region, its rules with their schedule, retention and copy actions to the configured vaults.
  const plans = resourcesOf(stack, 'aws_backup_plan');
  const expectedPlans = ((env.plans ?? []) as Raw[]).flatMap((p) => planRegionsOf(env, p).map((region) => ({ plan: p, region })));
  expect(sorted(plans.map(([, p]) => `${providerRegion(p)}/${p.name}`))).toEqual(sorted(expectedPlans.map(({ plan, region }) => `${region}/${plan.name}`)));
  for (const { plan, region } of expectedPlans) {
    const [, resource] = plans.find(([, p]) => p.name === plan.name && providerRegion(p) === region)!;
    expect(resource.rule.map((r: any) => r.rule_name)).toEqual(plan.rules.map((r: Raw) => r.name));
    for (const rule of plan.rules as Raw[]) {
      const block = resource.rule.find((r: any) => r.rule_name === rule.name);
      expect({ schedule: block.schedule, deleteAfter: block.lifecycle?.delete_after, continuous: block.enable_continuous_backup })
        .toEqual({ schedule: rule.schedule, deleteAfter: rule.lifecycle?.deleteAfterDays, continuous: rule.continuousBackup ?? false });
      expect(sorted(block.copy_action.map((c: any) => ({ arn: c.destination_vault_arn, deleteAfterDays: c.lifecycle?.delete_after }))))
        .toEqual(sorted(expectedCopies(estate, env, rule)));
    }
  }
  const selections = expectedPlans.flatMap(({ plan, region }) => plan.selections.map((s: Raw) => `${region}/${s.name}`));
  expect(sorted(resourcesOf(stack, 'aws_backup_selection').map(([, s]) => `${providerRegion(s)}/${s.name}`))).toEqual(sorted(selections));

  // Vaults that accept copies allow exactly the named accounts to copy in.
  const envs = byName(estate);
  for (const vault of vaults.filter((v) => v.acceptCopiesFrom?.environments?.length)) {
    const policies = resourcesOf(stack, 'aws_backup_vault_policy').filter(([id]) => id.includes(`-${vault.name}_access-policy`));
    expect(policies).toHaveLength(vaultRegionsOf(env, vault).length);
    for (const [, policy] of policies) {
      for (const name of vault.acceptCopiesFrom.environments) expect(policy.policy).toContain(`:iam::${envs.get(name).accountId}:root`);
    }
  }

  // Orchestration: a DR drill machine per orchestration region, an orchestrator where a plan runs, job recovery too
  // unless turned off; a schedule per drill, a restore testing plan per entry, the start endpoint when asked.
  const orchestration = [...new Set(orchestrationRegionsOf(env))];
  const planned = (region: string) => ((env.plans ?? []) as Raw[]).some((p) => planRegionsOf(env, p).includes(region));
  const recovery = env.orchestration?.recovery?.enabled !== false;
  const machines = orchestration.reduce((n, region) => n + 1 + (planned(region) ? 1 + (recovery ? 1 : 0) : 0), 0);
  expect(resourcesOf(stack, 'aws_sfn_state_machine')).toHaveLength(machines);
  expect(resourcesOf(stack, 'aws_scheduler_schedule')).toHaveLength(orchestration.length > 0 ? (env.orchestration?.drills ?? []).length : 0);
  expect(resourcesOf(stack, 'aws_backup_restore_testing_plan')).toHaveLength(orchestration.length > 0 ? (env.orchestration?.restoreTesting ?? []).length : 0);
  expect(resourcesOf(stack, 'aws_apigatewayv2_api')).toHaveLength(env.access?.api ? 1 : 0);

  // The environment's facts are published in every region.
  const accountParameter = `${env.ssmParameterPrefix ?? '/backup-estate'}/${env.name}/environment/account-id`;
  const published = resourcesOf(stack, 'aws_ssm_parameter').filter(([, p]) => p.name === accountParameter);
  expect(sorted(published.map(([, p]) => [providerRegion(p), p.value]))).toEqual(sorted(regionsOf(env).map((r) => [r, env.accountId])));
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------------------------

/** `file[:line]: path: message [rule] (received: value)`, as config/problems.ts documents every problem line. */
const PROBLEM_LINE = /^ {2}- (?<file>[^:\s]+)(:\d+)?: (?<path>.+?): .+ \[(?<rule>[a-z0-9-]+\/[a-z0-9-]+)\] \(received: .*\)$/;

/** Runs the loader on mutated files: it must throw a ConfigError (anything else fails with what was thrown). */
function configErrorOf(sources: EnvironmentSource[]): ConfigError {
  let thrown: unknown;
  try {
    parseEnvironments(sources);
  } catch (error) {
    thrown = error;
  }
  if (thrown instanceof ConfigError) return thrown;
  if (thrown === undefined) throw new Error('the mutated configuration was accepted');
  throw new Error(`expected a ConfigError, got ${(thrown as Error)?.constructor?.name}: ${(thrown as Error)?.stack ?? String(thrown)}`);
}

/** The ConfigError holds the expected problem, and its message names the file, the path, the rule and the value. */
function expectProblemNamed(error: ConfigError, expected: ExpectedProblem, files: readonly string[]): void {
  const path = formatPath(expected.path);
  const problem = error.problems.find((p) => p.file === expected.file && p.rule === expected.rule && formatPath(p.path) === path &&
    (expected.received === undefined || isDeepStrictEqual(p.received, expected.received.value)));
  if (!problem) {
    const value = expected.received ? ` (received: ${receivedText(expected.received.value)})` : '';
    throw new Error(`expected ${expected.file}: ${path} [${expected.rule}]${value} among:\n${error.message}`);
  }
  if (expected.fragment) expect(problem.message).toContain(expected.fragment);
  const where = problem.line !== undefined ? `${expected.file}:${problem.line}` : expected.file;
  expect(error.message.split('\n')).toContain(`  - ${where}: ${path}: ${problem.message} [${expected.rule}] (received: ${receivedText(problem.received)})`);
  if (expected.rule === 'yaml/syntax') expect(problem.line).toBeGreaterThanOrEqual(1);

  // Every line of the message is a complete problem, in a file of the estate.
  const [head, ...lines] = error.message.split('\n');
  expect(head).toBe(`${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} in the environment configuration:`);
  expect(lines).toHaveLength(error.problems.length);
  for (const line of lines) {
    const match = PROBLEM_LINE.exec(line);
    if (!match) throw new Error(`a problem line does not name file, path, rule and value: ${line}`);
    expect(files).toContain(match.groups!.file);
  }
}

describe('generated mutations of valid estates', () => {
  it('GIVEN the mutation kinds WHEN their rules are collected THEN every rule of the catalog is broken by at least one kind', () => {
    const kinds = MUTATIONS.map((m) => m.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    const broken = new Set(MUTATIONS.flatMap((m) => m.rules));
    // The rules no mutation breaks say why (NOT_MUTATED); no other rule is left out.
    expect(Object.keys(RULES).filter((rule) => !broken.has(rule as RuleId) && !(rule in NOT_MUTATED))).toEqual([]);
    expect(Object.keys(NOT_MUTATED).filter((rule) => broken.has(rule as RuleId) || !(rule in RULES))).toEqual([]);
  });

  it.each(MUTATIONS.map((m) => [m.kind, m] as const))('%s: GIVEN a valid estate with this mistake WHEN validated THEN a ConfigError names the file, the path, the rule and the value', (kind, mutation) => {
    fc.assert(
      fc.property(estateArbitrary(), fc.gen(), (estate, g) => {
        count(`mutation: ${kind}`);
        // GIVEN a valid estate with one mistake
        const { sources, expected } = mutatedEstate(mutation, estate, g);
        expect(mutation.rules).toContain(expected.rule);

        // WHEN validated THEN one ConfigError (never another exception) names the mistake
        const error = configErrorOf(sources);
        expectProblemNamed(error, expected, sources.map((s) => s.file));
      }),
      { seed: SEED + 100 + MUTATIONS.indexOf(mutation), numRuns: RUNS.perMutation, endOnFailure: true },
    );
  });
});
