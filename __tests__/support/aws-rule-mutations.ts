import fc from 'fast-check';
import type { PathSegment } from '../../config/problems';
import { QUOTAS } from '../../config/aws-facts';
import { IDENTIFYING_TAG_KEYS } from '../../config/tag-names';
import {
  accountIdArb, addCopy, chance, CONFIG_MUTATIONS, environmentNameArb, fresh, copyToCentral, freshAccount, freshEnvironmentName, minimalEnvironment, orchestrationOn, pick,
  planRegionsOf, received, regionsOf, someRule, type G, type Json, type MutableEstate, type Mutation,
} from './config-arbitraries';

/*
 * Mistakes against AWS's own limits and features (config/aws-facts): each kind makes one in any valid estate and
 * names the problem it must cause. Rules that only warn, or that no published Region can trigger today, are listed
 * with the reason in NOT_MUTATED.
 */

/** A member plan and its index. */
function somePlan(g: G, m: MutableEstate) {
  const env = pick(g, m.members);
  const p = g(fc.integer, { min: 0, max: env.plans.length - 1 });
  return { env, p, plan: env.plans[p] };
}

/** Two fresh environments in China (source in cn-north-1, destination in cn-northwest-1), the destination accepting the source. */
function chinaPair(g: G, m: MutableEstate) {
  const source = minimalEnvironment(freshEnvironmentName(g, m), freshAccount(g, m), 'aws-cn', 'cn-north-1');
  const names = new Set([...m.takenNames(), source.name]);
  const accounts = new Set([...m.takenAccounts(), source.accountId]);
  const destination = minimalEnvironment(fresh(g, names, environmentNameArb), fresh(g, accounts, accountIdArb), 'aws-cn', 'cn-northwest-1');
  destination.vaults[0].acceptCopiesFrom = { environments: [source.name] };
  return { source, destination };
}

export const AWS_RULE_MUTATIONS: readonly Mutation[] = [
  {
    kind: 'regions: an empty list for a vault or a plan',
    rules: ['region/empty-list'],
    apply: (g, m) => {
      const { env, p, plan } = somePlan(g, m);
      if (chance(g, 50)) {
        plan.regions = [];
        return { file: m.fileOf(env), path: ['plans', p, 'regions'], rule: 'region/empty-list', received: received([]) };
      }
      const v = g(fc.integer, { min: 0, max: env.vaults.length - 1 });
      env.vaults[v].regions = [];
      return { file: m.fileOf(env), path: ['vaults', v, 'regions'], rule: 'region/empty-list', received: received([]) };
    },
  },
  {
    kind: 'restore testing: in China, where AWS does not offer it',
    rules: ['region/feature'],
    apply: (g, m) => {
      const env = minimalEnvironment(freshEnvironmentName(g, m), freshAccount(g, m), 'aws-cn', pick(g, ['cn-north-1', 'cn-northwest-1']));
      env.plans = [{ name: 'daily', rules: [{ name: 'daily', vault: 'main', schedule: 'cron(0 3 * * ? *)' }], selections: [{ name: 'all', allResources: true }] }];
      env.orchestration = { restoreTesting: [{ name: 'weekly', schedule: 'cron(0 5 ? * SAT *)', vaults: ['main'], selections: [{ name: 'volumes', resourceType: 'EBS' }] }] };
      const file = m.addEnvironment(env);
      return { file, path: ['orchestration', 'restoreTesting', 0], rule: 'region/feature', received: received(env.regions.primary) };
    },
  },
  {
    kind: 'region settings: a type the plans name is opted out',
    rules: ['region-settings/opt-in'],
    apply: (g, m) => {
      const { env, plan } = somePlan(g, m);
      const region = pick(g, planRegionsOf(env, plan));
      plan.selections.push({ name: 'named-databases', resources: [`arn:${m.partition}:rds:${region}:${env.accountId}:db:orders`] });
      env.regionSettings = { optOut: chance(g, 50) ? ['RDS'] : ['EFS', 'RDS'] };
      return { file: m.fileOf(env), path: ['regionSettings', 'optOut', env.regionSettings.optOut.indexOf('RDS')], rule: 'region-settings/opt-in', received: received('RDS') };
    },
  },
  {
    kind: 'selections: more per plan than AWS allows',
    rules: ['selection/per-plan'],
    apply: (g, m) => {
      const { env, p, plan } = somePlan(g, m);
      const limit = QUOTAS.selectionsPerPlan.value;
      const count = limit + g(fc.integer, { min: 1, max: 3 });
      for (let i = plan.selections.length; i < count; i++) plan.selections.push({ name: `extra-${i}`, tags: { [`k${i}`]: 'v' } });
      return { file: m.fileOf(env), path: ['plans', p, 'selections'], rule: 'selection/per-plan', received: received(count) };
    },
  },
  {
    kind: 'tags: more on every resource, or on recovery points, than AWS allows',
    rules: ['tags/count'],
    apply: (g, m) => {
      const over = QUOTAS.tagsPerResource.value - IDENTIFYING_TAG_KEYS.length + g(fc.integer, { min: 1, max: 5 });
      const many = Object.fromEntries(Array.from({ length: over }, (_, i) => [`team-tag-${i}`, 'x']));
      if (chance(g, 50)) {
        const env = pick(g, m.envs);
        env.tags.additional = many;
        return { file: m.fileOf(env), path: ['tags', 'additional'], rule: 'tags/count', received: received(over + IDENTIFYING_TAG_KEYS.length) };
      }
      const { env, rule, path } = someRule(g, m);
      rule.recoveryPointTags = many;
      return { file: m.fileOf(env), path: [...path, 'recoveryPointTags'], rule: 'tags/count', received: received(over + IDENTIFYING_TAG_KEYS.length) };
    },
  },
  {
    kind: 'copy: a resource type AWS Backup does not copy (Redshift clusters)',
    rules: ['copy/resource-type'],
    apply: (g, m) => {
      const { env, plan, rule, path } = someRule(g, m);
      const region = planRegionsOf(env, plan)[0];
      plan.selections = [{ name: 'warehouse', resources: [`arn:${m.partition}:redshift:${region}:${env.accountId}:cluster:warehouse`] }];
      const copyPath: PathSegment[] = chance(g, 50) || regionsOf(env).length === 1
        ? copyToCentral(g, m, env, rule, path).path
        : addCopy(rule, path, { region: pick(g, regionsOf(env).filter((r) => r !== region)), vault: pickVaultIn(env, regionsOf(env).find((r) => r !== region)!) });
      return { file: m.fileOf(env), path: copyPath, rule: 'copy/resource-type', received: received('Redshift') };
    },
  },
  {
    kind: 'copy: across accounts in China, where AWS does not offer it',
    rules: ['copy/region-feature'],
    apply: (g, m) => {
      const { source, destination } = chinaPair(g, m);
      source.plans = [{
        name: 'daily', selections: [{ name: 'all', allResources: true }],
        rules: [{ name: 'daily', vault: 'main', schedule: 'cron(0 3 * * ? *)', copyTo: [{ environment: destination.name, region: 'cn-northwest-1', vault: 'main', lifecycle: {} }] }],
      }];
      m.addEnvironment(destination);
      const file = m.addEnvironment(source);
      return { file, path: ['plans', 0, 'rules', 0, 'copyTo', 0], rule: 'copy/region-feature', received: received('cn-north-1') };
    },
  },
  {
    kind: 'restore testing: a type no plan puts into the tested vault',
    rules: ['restore-testing/resource-type'],
    apply: (g, m) => {
      const env = minimalEnvironment(freshEnvironmentName(g, m), freshAccount(g, m), m.partition, pick(g, regionsOf(m.central)));
      env.plans = [{ name: 'tables', rules: [{ name: 'daily', vault: 'main', schedule: 'cron(0 3 * * ? *)' }], selections: [{ name: 'tables', resources: [`arn:${m.partition}:dynamodb:${env.regions.primary}:${env.accountId}:table/*`] }] }];
      const type = pick(g, ['EBS', 'RDS', 'EFS', 'S3'] as const);
      orchestrationOn(env);
      env.orchestration.restoreTesting = [{ name: 'weekly', schedule: 'cron(0 5 ? * SAT *)', vaults: ['main'], selections: [{ name: 'restored', resourceType: type }] }];
      const file = m.addEnvironment(env);
      return { file, path: ['orchestration', 'restoreTesting', 0, 'selections', 0, 'resourceType'], rule: 'restore-testing/resource-type', received: received(type) };
    },
  },
];

/** A standard vault of the environment in `region` (members always have one in every region their plans use). */
function pickVaultIn(env: Json, region: string): string {
  return env.vaults.find((v: Json) => v.type !== 'logically-air-gapped' && (v.regions ?? regionsOf(env)).includes(region))?.name ?? env.vaults[0].name;
}

/** Rules no mutation breaks, and why each is tested elsewhere. */
export const NOT_MUTATED: Readonly<Partial<Record<Mutation['rules'][number], string>>> = {
  'environment/file': 'fires from the folder itself, not from a file\'s text (config-loader-files.test.ts)',
  'copy/source-resource-key': 'a warning: it never refuses a file (config-rules.test.ts asserts the warning)',
  'limits/iam-trust-policy': 'fires on the synthesized stack, not on the files (stack-limits.test.ts)',
  'limits/iam-inline-policies': 'fires on the synthesized stack, not on the files (stack-limits.test.ts)',
  'limits/iam-managed-policy': 'fires on the synthesized stack, not on the files (stack-limits.test.ts)',
  'limits/ssm-parameter-name': 'fires on the synthesized stack, not on the files (stack-limits.test.ts)',
  'region/service': 'every Region the SDK publishes offers every service the stack uses today; config-rules.test.ts checks the rule against an endpoint model lacking one',
};

/** Every kind of mistake the property tests make. */
export const MUTATIONS: readonly Mutation[] = [...CONFIG_MUTATIONS, ...AWS_RULE_MUTATIONS];
