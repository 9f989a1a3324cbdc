import { QUOTAS } from '../../config/aws-facts';
import { IDENTIFYING_TAG_KEYS } from '../../config/tag-names';
import { fileOf, type RuleCase, type YamlDoc } from './environment-fixtures';

/*
 * Rules that hold files to AWS's documented limits and features (config/aws-facts), each proven on one small
 * mutation of the examples, like config-rules.test.ts's own cases (which run these too).
 */

const DEV = fileOf('dev');
const PROD = fileOf('prod');

/** dev moved to China (Beijing): the partition, its Region and every ARN. */
function devInChina(d: YamlDoc): void {
  const china = (text: string) => text.replace(/^arn:aws:/, 'arn:aws-cn:').replace(/ap-southeast-2/g, 'cn-north-1');
  d.partition = 'aws-cn';
  d.regions = { primary: 'cn-north-1' };
  d.state.region = 'cn-north-1';
  d.deployment.roleArn = china(d.deployment.roleArn);
  d.plans[0].selections[0].resources = d.plans[0].selections[0].resources.map(china);
}

export const AWS_RULE_CASES: readonly RuleCase[] = [
  {
    rule: 'region/empty-list', title: 'a vault given an empty regions list',
    mutate: (s) => s.edit('dev', (d) => { d.vaults[0].regions = []; }),
    file: DEV, path: 'vaults[0].regions', messageFragment: 'vault "dev" would exist in no Region', received: [],
  },
  {
    rule: 'region/empty-list', title: 'a plan given an empty regions list',
    mutate: (s) => s.edit('dev', (d) => { d.plans[0].regions = []; }),
    file: DEV, path: 'plans[0].regions', messageFragment: 'plan "nightly" would run in no Region', received: [],
  },
  {
    rule: 'region/feature', title: 'restore testing in China',
    mutate: (s) => s.edit('dev', (d) => {
      devInChina(d);
      d.orchestration.restoreTesting = [{ name: 'weekly', schedule: 'cron(0 5 ? * SAT *)', vaults: ['dev'], selections: [{ name: 'volumes', resourceType: 'EBS' }] }];
    }),
    file: DEV, path: 'orchestration.restoreTesting[0]', messageFragment: 'restore testing is not offered in cn-north-1', received: 'cn-north-1',
  },
  {
    rule: 'region-settings/opt-in', title: 'EBS opted out while the plan selects volumes',
    mutate: (s) => s.edit('dev', (d) => { d.regionSettings = { optOut: ['EBS'] }; }),
    file: DEV, path: 'regionSettings.optOut[0]', messageFragment: 'EBS is opted out, but plans.0.selections.0 relies on it in ap-southeast-2', received: 'EBS',
  },
  {
    rule: 'selection/per-plan', title: `${QUOTAS.selectionsPerPlan.value + 1} selections in one plan`,
    mutate: (s) => s.edit('dev', (d) => {
      for (let i = 1; i <= QUOTAS.selectionsPerPlan.value; i++) d.plans[0].selections.push({ name: `team-${i}`, tags: { team: `t${i}` } });
    }),
    file: DEV, path: 'plans[0].selections', messageFragment: `plan "nightly" has ${QUOTAS.selectionsPerPlan.value + 1} selections; AWS allows ${QUOTAS.selectionsPerPlan.value}`, received: QUOTAS.selectionsPerPlan.value + 1,
  },
  {
    rule: 'tags/count', title: 'free tags that with the identifying ones exceed 50',
    mutate: (s) => s.edit('dev', (d) => {
      d.tags.additional = Object.fromEntries(Array.from({ length: QUOTAS.tagsPerResource.value - IDENTIFYING_TAG_KEYS.length + 1 }, (_, i) => [`cost-${i}`, 'x']));
    }),
    file: DEV, path: 'tags.additional', messageFragment: `every resource would carry ${QUOTAS.tagsPerResource.value + 1} tags`, received: QUOTAS.tagsPerResource.value + 1,
  },
  {
    rule: 'tags/count', title: 'recovery point tags that with the identifying ones exceed 50',
    mutate: (s) => s.edit('dev', (d) => {
      d.plans[0].rules[0].recoveryPointTags = Object.fromEntries(Array.from({ length: QUOTAS.tagsPerResource.value }, (_, i) => [`label-${i}`, 'x']));
    }),
    file: DEV, path: 'plans[0].rules[0].recoveryPointTags', messageFragment: `recovery points would carry ${QUOTAS.tagsPerResource.value + IDENTIFYING_TAG_KEYS.length} tags`,
    received: QUOTAS.tagsPerResource.value + IDENTIFYING_TAG_KEYS.length,
  },
  {
    rule: 'copy/resource-type', title: 'a Redshift cluster copied to Frankfurt and to the central account',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].selections = [{ name: 'warehouse', resources: ['arn:aws:redshift:eu-west-1:222222222222:cluster:warehouse'] }]; }),
    file: PROD, path: 'plans[0].rules[0].copyTo[1]', messageFragment: 'the plan selects Amazon Redshift clusters (Redshift), which AWS Backup does not copy across accounts', received: 'Redshift',
  },
  {
    rule: 'copy/region-feature', title: 'a copy into an air-gapped vault from Calgary, where AWS does not offer it',
    mutate: (s) => s.edit('dev', (d) => {
      d.regions = { primary: 'ca-west-1', additional: ['ap-southeast-2'] };
      d.vaults.push({ name: 'dev-air-gapped', type: 'logically-air-gapped', regions: ['ap-southeast-2'], retention: { minDays: 7, maxDays: 30 } });
      d.plans[0].rules[0].copyTo = [{ region: 'ap-southeast-2', vault: 'dev-air-gapped' }];
    }),
    file: DEV, path: 'plans[0].rules[0].copyTo[0]', messageFragment: 'cross-Region and cross-account copy into a logically air-gapped vault is not available in ca-west-1', received: 'ca-west-1',
  },
  {
    rule: 'restore-testing/resource-type', title: 'restore testing of volumes that every plan excludes',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.restoreTesting[0].selections[0].resourceType = 'EBS'; }),
    file: PROD, path: 'orchestration.restoreTesting[0].selections[0].resourceType',
    messageFragment: 'no plan puts EBS recovery points into prod-primary in eu-west-1 (they receive every type but EBS)', received: 'EBS',
  },
  {
    rule: 'schedule/cron-format', title: 'a month name that does not exist',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].schedule = 'cron(0 3 1 JAN,FOO ? *)'; }),
    file: PROD, path: 'plans[0].rules[0].schedule', messageFragment: 'names "FOO", which is not one of JAN', received: 'cron(0 3 1 JAN,FOO ? *)',
  },
  {
    rule: 'schedule/cron-format', title: 'a weekday name that does not exist',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].schedule = 'cron(0 3 ? * MON-FRX *)'; }),
    file: PROD, path: 'plans[0].rules[0].schedule', messageFragment: 'names "FRX", which is not one of SUN', received: 'cron(0 3 ? * MON-FRX *)',
  },
  {
    rule: 'schema/invalid', title: 'a tag key with the reserved prefix in capitals',
    mutate: (s) => s.edit('dev', (d) => { d.tags.additional = { 'AWS:team': 'x' }; }),
    file: DEV, path: 'tags.additional["AWS:team"]', messageFragment: 'tag keys must not start with "aws:" in any case', received: 'AWS:team',
  },
  {
    rule: 'schema/invalid', title: 'a tag value with the reserved prefix',
    mutate: (s) => s.edit('dev', (d) => { d.tags.additional = { team: 'Aws:platform' }; }),
    file: DEV, path: 'tags.additional.team', messageFragment: 'tag values must not start with "aws:" in any case', received: 'Aws:platform',
  },
];
