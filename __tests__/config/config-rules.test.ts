import * as path from 'path';
import { parse } from 'yaml';
import { loadEnvironments, parseEnvironments, validateEnvironmentConfigs } from '../../config/load';
import { ConfigError, formatPath, formatProblem } from '../../config/problems';
import { RULES, type RuleId } from '../../config/checks/catalog';
import { analyseCron } from '../../config/checks/cron';
import {
  configErrorOf,
  EXAMPLE_NAMES,
  examples,
  fileOf,
  lineContaining,
  summarize,
  type RuleCase,
} from '../support/environment-fixtures';
import { AWS_RULE_CASES } from '../support/aws-rule-cases';

/*
 * Config validation rules, proven one by one: each case starts from the four valid example environments,
 * applies ONE small mutation, and expects exactly the rule it targets to report it, at the right place.
 */

const CENTRAL = fileOf('backup-central');
const DEV = fileOf('dev');
const PROD = fileOf('prod');
const STAGING = fileOf('staging');

const PROD_KEY = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('the example environments', () => {
  it('are valid and resolve to four models with their cross-account facts', () => {
    // GIVEN the tests' four example files (__tests__/fixtures/environments/)
    const sources = examples().sources();

    // WHEN they are validated together
    const models = parseEnvironments(sources);

    // THEN there is one model per file, in file order
    expect(models.map((m) => m.name)).toEqual([...EXAMPLE_NAMES]);
    const byName = new Map(models.map((m) => [m.name, m]));
    const prod = byName.get('prod')!;
    const staging = byName.get('staging')!;
    const central = byName.get('backup-central')!;

    // AND prod's copy to backup-central resolves to the central vault ARN in the central account
    const dailyEuWest = prod.plans.find((p) => p.name === 'daily' && p.region === 'eu-west-1')!;
    const daily35 = dailyEuWest.rules.find((r) => r.name === 'daily-35d')!;
    const toCentral = daily35.copies.find((c) => c.destinationEnvironment === 'backup-central' && c.destinationVaultName === 'central')!;
    expect(toCentral).toMatchObject({
      destinationAccountId: '111111111111',
      destinationRegion: 'eu-west-1',
      destinationVaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:central',
      lifecycle: { deleteAfterDays: 90 },
    });

    // AND the central vault (in both its regions) accepts copies from prod's and staging's accounts
    const centralVaults = central.vaults.filter((v) => v.name === 'central');
    expect(centralVaults.map((v) => v.region)).toEqual(['eu-west-1', 'eu-central-1']);
    for (const vault of centralVaults) {
      expect(vault.copySources.accountIds).toEqual(expect.arrayContaining([prod.accountId, staging.accountId]));
      expect(vault.copySources.accountIds).toHaveLength(2);
    }

    // AND prod-primary in eu-west-1 knows it copies to the central account (only there: eu-central-1 copies nothing out)
    const prodPrimary = (region: string) => prod.vaults.find((v) => v.name === 'prod-primary' && v.region === region)!;
    expect(prodPrimary('eu-west-1').copyDestinationAccountIds).toEqual(['111111111111']);
    expect(prodPrimary('eu-central-1').copyDestinationAccountIds).toEqual([]);

    // AND defaults are resolved
    expect(byName.get('dev')!.deployment.sessionName).toBe('cdktf-dev-backup');
    expect(staging.deployment.sessionName).toBe('cdktf-staging');
    expect(staging.state.key).toBe('aws-backup/staging/terraform.tfstate');
  });

  it('load from the environments directory with loadEnvironments', () => {
    // GIVEN the environments directory WHEN it is loaded THEN the same four environments come back
    const models = loadEnvironments(path.join(__dirname, '..', 'fixtures', 'environments'));
    expect(models.map((m) => m.name)).toEqual([...EXAMPLE_NAMES]);
  });

  it('report a missing environments directory as a ConfigError', () => {
    // GIVEN a directory that does not exist WHEN it is loaded THEN one schema/invalid problem names it
    const missing = path.join(__dirname, 'no-such-environments');
    expect(() => loadEnvironments(missing)).toThrow(ConfigError);
    expect(() => loadEnvironments(missing)).toThrow(/does not exist or cannot be read/);
  });
});


const wildcardVolumes = (count: number) => Array.from({ length: count }, (_, i) => `arn:aws:ec2:ap-southeast-2:444444444444:volume/vol-${i}*`);
const exactVolumes = (count: number) => Array.from({ length: count }, (_, i) => `arn:aws:ec2:ap-southeast-2:444444444444:volume/vol-${i}`);

const CONFIG_CASES: readonly RuleCase[] = [
  // ---- Schema and file level
  {
    rule: 'schema/invalid', title: 'deleteAfterDays: 0',
    mutate: (s) => s.edit('staging', (d) => { d.plans[0].rules[0].lifecycle.deleteAfterDays = 0; }),
    file: STAGING, path: 'plans[0].rules[0].lifecycle.deleteAfterDays', messageFragment: 'must be at least 1 day', received: 0,
  },
  {
    rule: 'schema/invalid', title: 'unquoted accountId',
    mutate: (s) => s.replace('prod', 'accountId: "222222222222"', 'accountId: 222222222222'),
    file: PROD, path: 'accountId', messageFragment: 'must be a quoted string of 12 digits', received: 222222222222,
  },
  {
    rule: 'schema/invalid', title: 'unknown key deleteAfterDay',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].lifecycle = { deleteAfterDay: 35 }; }),
    file: PROD, path: 'plans[0].rules[0].lifecycle.deleteAfterDay', messageFragment: 'unknown key "deleteAfterDay"', received: 35,
  },
  {
    rule: 'yaml/syntax', title: 'unterminated quote',
    mutate: (s) => s.replace('dev', 'name: dev\n', 'name: "dev\n'),
    file: DEV, path: '(root)', messageFragment: 'Missing closing "quote', received: undefined,
  },
  {
    rule: 'environment/file-name', title: 'prod.yaml renamed production.yaml',
    mutate: (s) => s.rename('prod', 'environments/production.yaml'),
    file: 'environments/production.yaml', path: 'name', messageFragment: 'must match the file name "production"', received: 'prod',
  },
  {
    rule: 'environment/unique-name', title: 'staging renamed prod',
    mutate: (s) => s.edit('staging', (d) => { d.name = 'prod'; }),
    file: STAGING, path: 'name', messageFragment: '"prod" is already defined in environments/prod.yaml', received: 'prod',
  },
  {
    rule: 'environment/unique-account', title: "staging given dev's account",
    mutate: (s) => s.edit('staging', (d) => { d.accountId = '444444444444'; }),
    file: STAGING, path: 'accountId', messageFragment: 'account 444444444444 is already managed by environments/dev.yaml', received: '444444444444',
  },

  // ---- Regions, partitions, ARNs
  {
    rule: 'region/partition', title: 'primary region of another partition',
    mutate: (s) => s.edit('dev', (d) => { d.regions.primary = 'cn-north-1'; }),
    file: DEV, path: 'regions.primary', messageFragment: '"cn-north-1" is not a region of the aws partition', received: 'cn-north-1',
  },
  {
    rule: 'region/partition', title: 'state region that does not exist',
    mutate: (s) => s.edit('dev', (d) => { d.state.region = 'eu-west-9'; }),
    file: DEV, path: 'state.region', messageFragment: '"eu-west-9" is not a region of the aws partition', received: 'eu-west-9',
  },
  {
    rule: 'region/duplicate', title: 'primary repeated in additional',
    mutate: (s) => s.edit('staging', (d) => { d.regions.additional = ['eu-west-1']; }),
    file: STAGING, path: 'regions.additional[0]', messageFragment: 'region eu-west-1 is listed twice', received: 'eu-west-1',
  },
  {
    rule: 'region/not-in-environment', title: 'vault in a region the environment does not list',
    mutate: (s) => s.edit('dev', (d) => { d.vaults[0].regions = ['ap-southeast-2', 'us-west-2']; }),
    file: DEV, path: 'vaults[0].regions[1]', messageFragment: "region us-west-2 is not one of this environment's regions (ap-southeast-2)", received: 'us-west-2',
  },
  {
    rule: 'arn/partition', title: 'deployment role in aws-cn',
    mutate: (s) => s.edit('dev', (d) => { d.deployment.roleArn = 'arn:aws-cn:iam::444444444444:role/terraform-deploy'; }),
    file: DEV, path: 'deployment.roleArn', messageFragment: 'ARN must start with "arn:aws:"', received: 'arn:aws-cn:iam::444444444444:role/terraform-deploy',
  },
  {
    rule: 'arn/partition', title: 'state key in aws-us-gov',
    mutate: (s) => s.edit('dev', (d) => { d.state.kmsKeyArn = 'arn:aws-us-gov:kms:us-gov-west-1:444444444444:key/abcd'; }),
    file: DEV, path: 'state.kmsKeyArn', messageFragment: 'ARN must start with "arn:aws:"', received: 'arn:aws-us-gov:kms:us-gov-west-1:444444444444:key/abcd',
  },
  {
    rule: 'deployment/account', title: 'role in another account',
    mutate: (s) => s.edit('dev', (d) => { d.deployment.roleArn = 'arn:aws:iam::555555555555:role/terraform-deploy'; }),
    file: DEV, path: 'deployment.roleArn', messageFragment: 'the role must be in account 444444444444, not 555555555555', received: 'arn:aws:iam::555555555555:role/terraform-deploy',
  },
  {
    rule: 'state/role-account', title: 'state role in another account',
    mutate: (s) => s.edit('dev', (d) => { d.state.roleArn = 'arn:aws:iam::555555555555:role/terraform-state'; }),
    file: DEV, path: 'state.roleArn', messageFragment: 'the state role must be in account 444444444444', received: 'arn:aws:iam::555555555555:role/terraform-state',
  },
  {
    rule: 'access/role-chaining-session', title: 'proxy sessions longer than role chaining allows',
    mutate: (s) => s.edit('prod', (d) => { d.access.maxSessionHours = 4; }),
    file: PROD, path: 'access.maxSessionHours', messageFragment: 'role chaining, which AWS limits to one hour', received: 4,
  },
  {
    rule: 'kms/key-region', title: 'existing key from another region',
    mutate: (s) => s.edit('dev', (d) => { d.vaults[0].kms.existingKeyArns = { 'ap-southeast-2': 'arn:aws:kms:eu-west-1:444444444444:key/abcd' }; }),
    file: DEV, path: 'vaults[0].kms.existingKeyArns["ap-southeast-2"]', messageFragment: 'the key must be in ap-southeast-2', received: 'arn:aws:kms:eu-west-1:444444444444:key/abcd',
  },
  {
    rule: 'kms/key-missing', title: 'existing key for one of two vault regions',
    mutate: (s) => s.edit('prod', (d) => { d.vaults[0].kms = { existingKeyArns: { 'eu-west-1': PROD_KEY } }; }),
    file: PROD, path: 'vaults[0].kms.existingKeyArns', messageFragment: 'no key given for vault region eu-central-1', received: { 'eu-west-1': PROD_KEY },
  },
  {
    rule: 'names/unique', title: 'two rules of a plan with one name',
    mutate: (s) => s.edit('staging', (d) => { d.plans[0].rules[1].name = 'daily-14d'; }),
    file: STAGING, path: 'plans[0].rules[1].name', messageFragment: 'rule "daily-14d" is defined twice', received: 'daily-14d',
  },
  {
    rule: 'names/unique', title: 'second vault with the same name in one region',
    mutate: (s) => s.edit('backup-central', (d) => { d.vaults.push({ name: 'central', regions: ['eu-central-1'] }); }),
    file: CENTRAL, path: 'vaults[2].name', messageFragment: 'vault "central" is defined twice in eu-central-1', received: 'central',
  },

  // ---- Lifecycle and continuous backup
  {
    rule: 'lifecycle/cold-storage-minimum', title: 'rule deletes 100 days after cold storage at 90',
    mutate: (s) => s.edit('prod', (d) => { d.plans[1].rules[0].lifecycle.deleteAfterDays = 100; }),
    file: PROD, path: 'plans[1].rules[0].lifecycle.deleteAfterDays', messageFragment: 'at least moveToColdStorageAfterDays + 90 = 180', received: 100,
  },
  {
    rule: 'lifecycle/cold-storage-minimum', title: 'copy lifecycle goes cold 60 days before deletion',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].copyTo[1].lifecycle.moveToColdStorageAfterDays = 30; }),
    file: PROD, path: 'plans[0].rules[0].copyTo[1].lifecycle.deleteAfterDays', messageFragment: 'moveToColdStorageAfterDays + 90 = 120', received: 90,
  },
  {
    rule: 'lifecycle/archive-needs-cold-storage', title: 'archive opt-in without cold storage',
    mutate: (s) => s.edit('prod', (d) => { delete d.plans[1].rules[0].lifecycle.moveToColdStorageAfterDays; }),
    file: PROD, path: 'plans[1].rules[0].lifecycle.optInToArchiveForSupportedResources', messageFragment: 'archive opt-in needs moveToColdStorageAfterDays', received: true,
  },
  {
    rule: 'continuous/retention', title: 'continuous backup kept 36 days',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[1].lifecycle.deleteAfterDays = 36; }),
    file: PROD, path: 'plans[0].rules[1].lifecycle.deleteAfterDays', messageFragment: 'needs deleteAfterDays between 1 and 35', received: 36,
  },
  {
    rule: 'continuous/retention', title: 'continuous backup kept forever',
    mutate: (s) => s.edit('prod', (d) => { delete d.plans[0].rules[1].lifecycle; }),
    file: PROD, path: 'plans[0].rules[1].lifecycle.deleteAfterDays', messageFragment: 'needs deleteAfterDays between 1 and 35', received: undefined,
  },
  {
    rule: 'continuous/no-cold-storage', title: 'continuous backup moved to cold storage',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[1].lifecycle.moveToColdStorageAfterDays = 1; }),
    file: PROD, path: 'plans[0].rules[1].lifecycle.moveToColdStorageAfterDays', messageFragment: 'cannot move to cold storage', received: 1,
  },

  // ---- Schedule and windows
  {
    rule: 'schedule/cron-format', title: '5-field cron',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].schedule = 'cron(0 3 * * *)'; }),
    file: PROD, path: 'plans[0].rules[0].schedule', messageFragment: 'must have 6 fields', received: 'cron(0 3 * * *)',
  },
  {
    rule: 'schedule/cron-format', title: 'schedule without cron(...)',
    mutate: (s) => s.edit('dev', (d) => { d.plans[0].rules[0].schedule = '0 14 * * ? *'; }),
    file: DEV, path: 'plans[0].rules[0].schedule', messageFragment: 'must be written cron(<6 fields>)', received: '0 14 * * ? *',
  },
  {
    rule: 'schedule/minimum-interval', title: 'every 30 minutes',
    mutate: (s) => s.edit('staging', (d) => { d.plans[0].rules[0].schedule = 'cron(0/30 * * * ? *)'; }),
    file: STAGING, path: 'plans[0].rules[0].schedule', messageFragment: 'runs 30 minutes apart', received: 'cron(0/30 * * * ? *)',
  },
  {
    rule: 'schedule/timezone', title: 'misspelt time zone',
    mutate: (s) => s.edit('dev', (d) => { d.plans[0].rules[0].scheduleTimezone = 'Australia/Sidney'; }),
    file: DEV, path: 'plans[0].rules[0].scheduleTimezone', messageFragment: 'is not an IANA time zone name', received: 'Australia/Sidney',
  },
  {
    rule: 'window/completion', title: 'start window longer than the default completion window',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[1].startWindowMinutes = 20000; }),
    file: PROD, path: 'plans[0].rules[1].completionWindowMinutes', messageFragment: 'it defaults to 10080; set it', received: undefined,
  },
  {
    rule: 'schedule/cron-format', title: 'day of month 32',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].schedule = 'cron(0 3 32 * ? *)'; }),
    file: PROD, path: 'plans[0].rules[0].schedule', messageFragment: 'day-of-month field "32" is out of range (1-31)', received: 'cron(0 3 32 * ? *)',
  },
  {
    rule: 'schedule/cron-format', title: 'month 13',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].schedule = 'cron(0 3 * 13 ? *)'; }),
    file: PROD, path: 'plans[0].rules[0].schedule', messageFragment: 'month field "13" is out of range (1-12)', received: 'cron(0 3 * 13 ? *)',
  },
  {
    rule: 'schedule/cron-format', title: 'day of week 9',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].schedule = 'cron(0 3 ? * 9 *)'; }),
    file: PROD, path: 'plans[0].rules[0].schedule', messageFragment: 'day-of-week field "9" is out of range (1-7)', received: 'cron(0 3 ? * 9 *)',
  },
  {
    rule: 'region/duplicate', title: 'plan region listed twice',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].regions = ['eu-west-1', 'eu-west-1']; }),
    file: PROD, path: 'plans[0].regions[1]', messageFragment: 'region eu-west-1 is listed twice', received: 'eu-west-1',
  },
  {
    rule: 'region/duplicate', title: 'vault region listed twice',
    mutate: (s) => s.edit('dev', (d) => { d.vaults[0].regions = ['ap-southeast-2', 'ap-southeast-2']; }),
    file: DEV, path: 'vaults[0].regions[1]', messageFragment: 'region ap-southeast-2 is listed twice', received: 'ap-southeast-2',
  },
  {
    rule: 'window/start', title: 'start window of 30 minutes',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].startWindowMinutes = 30; }),
    file: PROD, path: 'plans[0].rules[0].startWindowMinutes', messageFragment: 'must be between 60 and 52560000 minutes', received: 30,
  },
  {
    rule: 'window/completion', title: 'completion window equal to the start window',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].completionWindowMinutes = 60; }),
    file: PROD, path: 'plans[0].rules[0].completionWindowMinutes', messageFragment: 'must be longer than the start window (60)', received: 60,
  },
  {
    rule: 'window/completion', title: 'completion window above the maximum',
    mutate: (s) => s.edit('dev', (d) => { d.plans[0].rules[0].completionWindowMinutes = 52_560_001; }),
    file: DEV, path: 'plans[0].rules[0].completionWindowMinutes', messageFragment: 'at most 52560000 minutes', received: 52_560_001,
  },

  // ---- Selections
  {
    rule: 'selection/empty', title: 'selection without criteria',
    mutate: (s) => s.edit('staging', (d) => { delete d.plans[0].selections[0].anyOfTags; }),
    file: STAGING, path: 'plans[0].selections[0]', messageFragment: 'selects nothing specific', received: { name: 'any-backup-tag' },
  },
  {
    rule: 'selection/resource-limit', title: '31 wildcard ARNs',
    mutate: (s) => s.edit('dev', (d) => { d.plans[0].selections[0].resources = wildcardVolumes(31); }),
    file: DEV, path: 'plans[0].selections[0].resources', messageFragment: 'lists 31 ARNs; the limit is 30 when ARNs contain wildcards', received: 31,
  },
  {
    rule: 'selection/resource-limit', title: '501 exact ARNs',
    mutate: (s) => s.edit('dev', (d) => { d.plans[0].selections[0].resources = exactVolumes(501); }),
    file: DEV, path: 'plans[0].selections[0].resources', messageFragment: 'lists 501 ARNs; the limit is 500', received: 501,
  },
  {
    rule: 'selection/arn-format', title: 'volume ID instead of an ARN',
    mutate: (s) => s.edit('dev', (d) => { d.plans[0].selections[0].resources = ['vol-0123456789abcdef0']; }),
    file: DEV, path: 'plans[0].selections[0].resources[0]', messageFragment: 'must be "*" or an ARN starting with "arn:aws:"', received: 'vol-0123456789abcdef0',
  },
  {
    rule: 'selection/arn-format', title: 'excluded ARN of another partition',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].selections[0].excludeResources[0] = 'arn:aws-cn:ec2:*:222222222222:volume/*'; }),
    file: PROD, path: 'plans[0].selections[0].excludeResources[0]', messageFragment: 'an ARN starting with "arn:aws:"', received: 'arn:aws-cn:ec2:*:222222222222:volume/*',
  },
  {
    rule: 'selection/conflicting-tag', title: 'tags and stringEquals disagree',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].selections[0].conditions = { stringEquals: { backup: 'weekly' } }; }),
    file: PROD, path: 'plans[0].selections[0].conditions.stringEquals.backup', messageFragment: 'tag "backup" must equal both "daily" (tags) and "weekly"', received: 'weekly',
  },

  // ---- Vaults
  {
    rule: 'vault-lock/governance-changeable', title: 'governance lock with changeableForDays',
    mutate: (s) => s.edit('prod', (d) => { d.vaults[0].lock.changeableForDays = 3; }),
    file: PROD, path: 'vaults[0].lock.changeableForDays', messageFragment: 'governance mode takes no changeableForDays', received: 3,
  },
  {
    rule: 'vault-lock/compliance-changeable', title: 'compliance lock changeable for 2 days',
    mutate: (s) => s.edit('backup-central', (d) => { d.vaults[0].lock.changeableForDays = 2; }),
    file: CENTRAL, path: 'vaults[0].lock.changeableForDays', messageFragment: 'needs changeableForDays of at least 3', received: 2,
  },
  {
    rule: 'vault-lock/compliance-changeable', title: 'compliance lock without changeableForDays',
    mutate: (s) => s.edit('backup-central', (d) => { delete d.vaults[0].lock.changeableForDays; }),
    file: CENTRAL, path: 'vaults[0].lock.changeableForDays', messageFragment: 'needs changeableForDays of at least 3', received: undefined,
  },
  {
    rule: 'vault-lock/range', title: 'lock minimum above maximum',
    mutate: (s) => s.edit('prod', (d) => { d.vaults[0].lock.minRetentionDays = 3000; }),
    file: PROD, path: 'vaults[0].lock.minRetentionDays', messageFragment: 'must not exceed maxRetentionDays (2555)', received: 3000,
  },
  {
    rule: 'air-gapped/retention', title: 'air-gapped minDays 5',
    mutate: (s) => s.edit('backup-central', (d) => { d.vaults[1].retention.minDays = 5; }),
    file: CENTRAL, path: 'vaults[1].retention.minDays', messageFragment: 'must be at least 7 days', received: 5,
  },
  {
    rule: 'air-gapped/retention', title: 'air-gapped minDays above maxDays',
    mutate: (s) => s.edit('backup-central', (d) => { d.vaults[1].retention.minDays = 400; }),
    file: CENTRAL, path: 'vaults[1].retention.minDays', messageFragment: 'must not exceed maxDays (365)', received: 400,
  },
  {
    rule: 'air-gapped/retention', title: 'air-gapped vault without retention',
    mutate: (s) => s.edit('backup-central', (d) => { delete d.vaults[1].retention; }),
    file: CENTRAL, path: 'vaults[1].retention', messageFragment: 'need retention.minDays and retention.maxDays', received: undefined,
  },
  {
    rule: 'air-gapped/unsupported-option', title: 'air-gapped vault with kms',
    mutate: (s) => s.edit('backup-central', (d) => { d.vaults[1].kms = { deletionWindowInDays: 7 }; }),
    file: CENTRAL, path: 'vaults[1].kms', messageFragment: 'take no kms', received: { deletionWindowInDays: 7 },
  },
  {
    rule: 'air-gapped/not-plan-target', title: 'rule backing up into an air-gapped vault',
    mutate: (s) => s.edit('prod', (d) => {
      d.vaults.push({ name: 'prod-air-gapped', type: 'logically-air-gapped', retention: { minDays: 7, maxDays: 35 } });
      d.plans[0].rules[1].vault = 'prod-air-gapped';
    }),
    file: PROD, path: 'plans[0].rules[1].vault', messageFragment: 'cannot back up into a logically air-gapped vault', received: 'prod-air-gapped',
  },
  {
    rule: 'vault/retention-only-air-gapped', title: 'standard vault with retention',
    mutate: (s) => s.edit('prod', (d) => { d.vaults[0].retention = { minDays: 7, maxDays: 30 }; }),
    file: PROD, path: 'vaults[0].retention', messageFragment: 'retention is for logically-air-gapped vaults', received: { minDays: 7, maxDays: 30 },
  },
  {
    rule: 'vault/accept-copies-source', title: 'acceptCopiesFrom naming nobody',
    mutate: (s) => s.edit('backup-central', (d) => { d.vaults[1].acceptCopiesFrom = { environments: [] }; }),
    file: CENTRAL, path: 'vaults[1].acceptCopiesFrom', messageFragment: 'name at least one environment or an organizationId', received: { environments: [] },
  },
  {
    rule: 'vault/unknown-rule-vault', title: 'misspelt rule vault',
    mutate: (s) => s.edit('staging', (d) => { d.plans[0].rules[0].vault = 'stagin'; }),
    file: STAGING, path: 'plans[0].rules[0].vault', messageFragment: 'no vault "stagin" in eu-west-1, where plan "staging" runs', received: 'stagin',
  },
  {
    rule: 'retention/vault-lock', title: 'rule keeps points longer than the lock allows',
    mutate: (s) => s.edit('prod', (d) => { d.plans[1].rules[0].lifecycle.deleteAfterDays = 3000; }),
    file: PROD, path: 'plans[1].rules[0].lifecycle.deleteAfterDays',
    messageFragment: 'vault "prod-primary" in eu-west-1: the rule keeps recovery points 3000 days, more than the governance lock maximum of 2555', received: 3000,
  },

  // ---- Copies
  {
    rule: 'copy/self', title: 'copy to the region it runs in',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].copyTo[0].region = 'eu-west-1'; }),
    file: PROD, path: 'plans[0].rules[0].copyTo[0]', messageFragment: 'copies vault "prod-primary" in eu-west-1 onto itself', received: { region: 'eu-west-1' },
  },
  {
    rule: 'copy/target-environment', title: 'misspelt destination environment',
    mutate: (s) => s.edit('staging', (d) => { d.plans[0].rules[1].copyTo[0].environment = 'backup-centrl'; }),
    file: STAGING, path: 'plans[0].rules[1].copyTo[0].environment', messageFragment: 'no environment named "backup-centrl"', received: 'backup-centrl',
  },
  {
    rule: 'copy/target-region', title: 'destination region the destination does not use',
    mutate: (s) => s.edit('staging', (d) => { d.plans[0].rules[1].copyTo[0].region = 'us-east-1'; }),
    file: STAGING, path: 'plans[0].rules[1].copyTo[0].region', messageFragment: 'environment "backup-central" has no region us-east-1', received: 'us-east-1',
  },
  {
    rule: 'copy/target-vault', title: 'misspelt destination vault',
    mutate: (s) => s.edit('staging', (d) => { d.plans[0].rules[1].copyTo[0].vault = 'centrall'; }),
    file: STAGING, path: 'plans[0].rules[1].copyTo[0].vault', messageFragment: 'environment "backup-central" has no vault "centrall" in eu-west-1', received: 'centrall',
  },
  {
    rule: 'copy/target-vault', title: 'destination vault defaulting to the rule vault name',
    mutate: (s) => s.edit('staging', (d) => { delete d.plans[0].rules[1].copyTo[0].vault; }),
    file: STAGING, path: 'plans[0].rules[1].copyTo[0].region', messageFragment: 'environment "backup-central" has no vault "staging" in eu-west-1', received: 'staging',
  },
  {
    rule: 'copy/partition', title: 'destination environment in aws-cn',
    mutate: (s) => s.edit('backup-central', (d) => { d.partition = 'aws-cn'; }),
    file: PROD, path: 'plans[0].rules[0].copyTo[1].environment', messageFragment: '"backup-central" is in partition aws-cn, this environment in aws', received: 'backup-central',
  },
  {
    rule: 'copy/same-organization', title: 'source in another organization',
    mutate: (s) => s.edit('staging', (d) => { d.organizationId = 'o-zzzzzzzzzz'; }),
    file: STAGING, path: 'plans[0].rules[1].copyTo[0].environment', messageFragment: 'this account is in o-zzzzzzzzzz, "backup-central" in o-a1b2c3d4e5', received: 'backup-central',
  },
  {
    rule: 'copy/destination-accepts-source', title: 'central vault no longer accepts staging',
    mutate: (s) => s.edit('backup-central', (d) => { d.vaults[0].acceptCopiesFrom.environments = ['prod']; }),
    file: STAGING, path: 'plans[0].rules[1].copyTo[0].vault', messageFragment: 'vault "central" of "backup-central" in eu-west-1 does not accept copies from "staging"', received: 'central',
  },
  {
    rule: 'copy/cross-account-cmk', title: 'source vault on the AWS managed key',
    mutate: (s) => s.edit('prod', (d) => {
      d.vaults[0].kms = {
        existingKeyArns: {
          'eu-west-1': 'arn:aws:kms:eu-west-1:222222222222:alias/aws/backup',
          'eu-central-1': 'arn:aws:kms:eu-central-1:222222222222:alias/aws/backup',
        },
      };
    }),
    file: PROD, path: 'plans[0].rules[0].copyTo[1]', messageFragment: 'is not encrypted with a customer-managed key', received: 'arn:aws:kms:eu-west-1:222222222222:alias/aws/backup',
  },
  {
    rule: 'copy/retention-fits-destination', title: 'copy kept longer than the air-gapped maximum',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].copyTo[2].lifecycle.deleteAfterDays = 400; }),
    file: PROD, path: 'plans[0].rules[0].copyTo[2].lifecycle',
    messageFragment: 'the copy keeps recovery points 400 days, more than the air-gapped retention maximum of 365', received: 400,
  },
  {
    rule: 'copy/retention-fits-destination', title: "copy inheriting a rule lifecycle below the destination lock minimum",
    mutate: (s) => s.edit('backup-central', (d) => { d.vaults[0].lock.minRetentionDays = 100; }),
    file: STAGING, path: 'plans[0].rules[1].copyTo[0].vault',
    messageFragment: 'the copy keeps recovery points 90 days, less than the compliance lock minimum of 100', received: 90,
  },
  {
    rule: 'accept-copies/unknown-environment', title: 'acceptCopiesFrom names an unknown environment',
    mutate: (s) => s.edit('backup-central', (d) => { d.vaults[0].acceptCopiesFrom.environments.push('sandbox'); }),
    file: CENTRAL, path: 'vaults[0].acceptCopiesFrom.environments[2]', messageFragment: 'no environment named "sandbox"', received: 'sandbox',
  },

  // ---- Orchestration
  {
    rule: 'orchestration/region', title: 'orchestration in a region the environment does not list',
    mutate: (s) => s.edit('dev', (d) => { d.orchestration.regions = ['eu-west-1']; }),
    file: DEV, path: 'orchestration.regions[0]', messageFragment: "is not one of this environment's regions", received: 'eu-west-1',
  },
  {
    rule: 'orchestration/region', title: 'a drill in a region without orchestration',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.drills[0].region = 'eu-central-1'; }),
    file: PROD, path: 'orchestration.drills[0].region', messageFragment: 'has no orchestration', received: 'eu-central-1',
  },
  {
    rule: 'orchestration/on-demand-rule', title: 'onDemandRule names a rule that does not exist',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.onDemandRule = 'daily/hourly'; }),
    file: PROD, path: 'orchestration.onDemandRule', messageFragment: 'no plan "daily" with a rule "hourly"', received: 'daily/hourly',
  },
  {
    rule: 'orchestration/on-demand-rule', title: 'onDemandRule plan does not run in an orchestration region where other plans run',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.regions = ['eu-west-1', 'eu-central-1']; d.plans[1].regions = ['eu-west-1', 'eu-central-1']; }),
    file: PROD, path: 'orchestration.onDemandRule', messageFragment: 'does not run in eu-central-1', received: 'daily/daily-35d',
  },
  {
    rule: 'orchestration/on-demand-rule', title: 'onDemandRule names a continuous-backup rule (on-demand backups cannot do point-in-time recovery)',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].continuousBackup = true; }),
    file: PROD, path: 'orchestration.onDemandRule', messageFragment: 'makes continuous backups (point-in-time recovery), which an on-demand backup cannot make', received: 'daily/daily-35d',
  },
  {
    rule: 'orchestration/execution-history', title: 'job recovery could wait for more jobs × callback rounds than 25,000 history events hold',
    mutate: (s) => s.edit('prod', (d) => {
      d.orchestration.callbackTimeoutHours = 1;
      d.orchestration.recovery = { ...d.orchestration.recovery, maxAttempts: 10 };
      d.plans[0].rules[0].completionWindowMinutes = 12000;
    }),
    file: PROD, path: 'plans[0].rules[0].copyTo', messageFragment: '3 copies after up to 10 backup attempts are 13 jobs of up to 200 callback waits each (1 h waits over a 12000-minute window): up to 39720 execution history events, and Step Functions allows 25000', received: 3,
  },
  {
    rule: 'orchestration/job-window', title: 'a completion window the machines cannot wait for in 200 callback waits',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].completionWindowMinutes = 120 * 24 * 60; }),
    file: PROD, path: 'plans[0].rules[0].completionWindowMinutes', messageFragment: 'needs 240 callback waits of 12 h; the machines wait at most 200 times: set orchestration.callbackTimeoutHours to at least 15, or shorten the window', received: 172800,
  },
  {
    rule: 'orchestration/job-window', title: 'a completion window longer than 200 waits of the longest callback timeout',
    mutate: (s) => s.edit('prod', (d) => { d.plans[0].rules[0].completionWindowMinutes = 52560000; }),
    file: PROD, path: 'plans[0].rules[0].completionWindowMinutes', messageFragment: 'needs 73000 callback waits of 12 h; the machines wait at most 200 times: shorten the window to at most 2016000 minutes (200 waits of the longest callback timeout, 168 h)', received: 52560000,
  },
  {
    rule: 'orchestration/job-window', title: 'a completion window whose waits would outlast a Step Functions execution',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.callbackTimeoutHours = 168; d.plans[0].rules[0].completionWindowMinutes = 200 * 24 * 60; }),
    file: PROD, path: 'plans[0].rules[0].completionWindowMinutes', messageFragment: '(4 jobs in turn: job recovery attempts, then the copies) plus up to 1 days of backoff between attempts needs executions of 813 days; Step Functions ends an execution after 365', received: 288000,
  },
  {
    rule: 'orchestration/job-window', title: 'a recovery backoff that alone outlasts a Step Functions execution',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.recovery = { maxAttempts: 10, initialBackoffMinutes: 720 }; }),
    file: PROD, path: 'orchestration.recovery.initialBackoffMinutes', messageFragment: 'plus up to 768 days of backoff between attempts needs executions of', received: 720,
  },
  {
    rule: 'drill/resource-arn', title: 'an RDS drill pointing at a DynamoDB table',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.drills[0].resourceArn = 'arn:aws:dynamodb:eu-west-1:222222222222:table/orders'; }),
    file: PROD, path: 'orchestration.drills[0].resourceArn', messageFragment: 'a RDS drill needs an ARN like', received: 'arn:aws:dynamodb:eu-west-1:222222222222:table/orders',
  },
  {
    rule: 'drill/schedule', title: 'a drill schedule that is neither cron, rate nor at',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.drills[0].schedule = 'every sunday'; }),
    file: PROD, path: 'orchestration.drills[0].schedule', messageFragment: 'must be cron(', received: 'every sunday',
  },
  {
    rule: 'drill/schedule', title: 'rate(1 days)',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.drills[0].schedule = 'rate(1 days)'; }),
    file: PROD, path: 'orchestration.drills[0].schedule', messageFragment: 'is not a valid rate', received: 'rate(1 days)',
  },
  {
    rule: 'drill/metadata-override', title: 'a drill override that renames the restored instance',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.drills[0].restoreMetadataOverrides.DBInstanceIdentifier = 'orders'; }),
    file: PROD, path: 'orchestration.drills[0].restoreMetadataOverrides.DBInstanceIdentifier', messageFragment: 'names or places the restored resource', received: 'DBInstanceIdentifier',
  },
  {
    rule: 'drill/vault', title: 'a drill vault that does not exist',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.drills[0].vault = 'prod-secondary'; }),
    file: PROD, path: 'orchestration.drills[0].vault', messageFragment: 'no vault "prod-secondary" in eu-west-1', received: 'prod-secondary',
  },
  {
    rule: 'restore-testing/vault', title: 'restore testing of a vault that does not exist',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.restoreTesting[0].vaults = ['prod-primary', 'missing']; }),
    file: PROD, path: 'orchestration.restoreTesting[0].vaults[1]', messageFragment: 'no vault "missing" in eu-west-1', received: 'missing',
  },
  {
    rule: 'restore-testing/selection', title: 'explicit ARNs combined with tags',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.restoreTesting[0].selections[0].resourceArns = ['arn:aws:ec2:eu-west-1:222222222222:volume/vol-0abc']; }),
    file: PROD, path: 'orchestration.restoreTesting[0].selections[0]', messageFragment: 'resourceArns and tags cannot be combined', received: 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-0abc',
  },
  {
    rule: 'schema/invalid', title: 'restore testing plan name with a hyphen',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.restoreTesting[0].name = 'weekly-volumes'; }),
    file: PROD, path: 'orchestration.restoreTesting[0].name', messageFragment: 'no "-"', received: 'weekly-volumes',
  },
  {
    rule: 'schema/invalid', title: 'an SSM prefix SSM reserves (/aws-...)',
    mutate: (s) => s.edit('dev', (d) => { d.ssmParameterPrefix = '/aws-backup'; }),
    file: DEV, path: 'ssmParameterPrefix', messageFragment: 'SSM reserves names starting with "aws" or "ssm"', received: '/aws-backup',
  },
  {
    rule: 'schema/invalid', title: 'log retention CloudWatch does not offer',
    mutate: (s) => s.edit('dev', (d) => { d.orchestration.logRetentionDays = 45; }),
    file: DEV, path: 'orchestration.logRetentionDays', messageFragment: 'CloudWatch Logs retention must be one of', received: 45,
  },

  // ---- Access
  {
    rule: 'access/unique', title: 'two OIDC providers for one issuer',
    mutate: (s) => s.edit('prod', (d) => { d.access.oidcProviders[1].issuerUrl = 'https://acme.okta.com/oauth2/default'; }),
    file: PROD, path: 'access.oidcProviders[1]', messageFragment: 'issuer URL "https://acme.okta.com/oauth2/default" is listed twice', received: 'https://acme.okta.com/oauth2/default',
  },
  {
    rule: 'access/unknown-identity', title: 'operator trusts a proxy that is not defined',
    mutate: (s) => s.edit('prod', (d) => { d.access.operator.proxies = ['vpn-proxy']; }),
    file: PROD, path: 'access.operator.proxies[0]', messageFragment: 'no identity proxy named "vpn-proxy" (known: corp-proxy)', received: 'vpn-proxy',
  },
  {
    rule: 'access/role-trust', title: 'auditor trusted by nobody',
    mutate: (s) => s.edit('prod', (d) => { d.access.auditor = { proxies: [] }; }),
    file: PROD, path: 'access.auditor', messageFragment: 'needs at least one identity proxy or OIDC trust', received: { proxies: [] },
  },
  {
    rule: 'access/oidc-subject', title: 'operator open to every Okta user',
    mutate: (s) => s.edit('prod', (d) => { d.access.operator.oidc[0].subjects = ['*']; }),
    file: PROD, path: 'access.operator.oidc[0].subjects[0]', messageFragment: 'trusts every identity of the provider', received: '*',
  },
  {
    rule: 'access/oidc-subject-anchored', title: 'operator open to any repository named backup-estate on GitHub',
    mutate: (s) => s.edit('prod', (d) => { d.access.operator.oidc = [{ provider: 'github', subjects: ['repo:*/backup-estate:*'] }]; }),
    file: PROD, path: 'access.operator.oidc[0].subjects[0]', messageFragment: 'must start with "repo:<owner>/<repo>:"', received: 'repo:*/backup-estate:*',
  },
  {
    rule: 'access/oidc-subject-anchored', title: 'break-glass open to every main-branch workflow of GitHub',
    mutate: (s) => s.edit('prod', (d) => { d.access.breakGlass = { oidc: [{ provider: 'github', subjects: ['*:ref:refs/heads/main'] }] }; }),
    file: PROD, path: 'access.breakGlass.oidc[0].subjects[0]', messageFragment: 'must start with "repo:<owner>/<repo>:"', received: '*:ref:refs/heads/main',
  },
  {
    rule: 'access/oidc-subject-anchored', title: 'operator open to every Okta user whose ID ends the same way',
    mutate: (s) => s.edit('prod', (d) => { d.access.operator.oidc[0].subjects = ['*platform']; }),
    file: PROD, path: 'access.operator.oidc[0].subjects[0]', messageFragment: 'must not start with a wildcard', received: '*platform',
  },
  {
    rule: 'access/oidc-provider-arn', title: 'existing GitHub provider of another account',
    mutate: (s) => s.edit('staging', (d) => { d.access.oidcProviders[1].providerArn = 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'; }),
    file: STAGING, path: 'access.oidcProviders[1].providerArn', messageFragment: 'must be in account 333333333333, not 222222222222', received: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
  },
  {
    rule: 'access/github-issuer', title: 'CI pointed at the Okta provider',
    mutate: (s) => s.edit('prod', (d) => { d.access.ci.github.oidcProvider = 'okta'; }),
    file: PROD, path: 'access.ci.github.oidcProvider', messageFragment: 'GitHub Actions tokens come from https://token.actions.githubusercontent.com', received: 'https://acme.okta.com/oauth2/default',
  },
  {
    rule: 'access/api-orchestration', title: 'start endpoint without orchestration',
    mutate: (s) => s.edit('prod', (d) => { d.orchestration.enabled = false; }),
    file: PROD, path: 'access.api', messageFragment: 'needs orchestration with a backup plan there', received: 'eu-west-1',
  },
  {
    rule: 'arn/partition', title: 'proxy role in another partition',
    mutate: (s) => s.edit('prod', (d) => { d.access.identityProxies[0].roleArns = ['arn:aws-cn:iam::555555555555:role/identity-aware-proxy']; }),
    file: PROD, path: 'access.identityProxies[0].roleArns[0]', messageFragment: 'ARN must start with "arn:aws:"', received: 'arn:aws-cn:iam::555555555555:role/identity-aware-proxy',
  },
  {
    rule: 'schema/invalid', title: 'a session longer than IAM allows',
    mutate: (s) => s.edit('prod', (d) => { d.access.maxSessionHours = 24; }),
    file: PROD, path: 'access.maxSessionHours', messageFragment: 'Too big', received: 24,
  },

  // ---- Backstage catalog
  {
    rule: 'catalog/owner', title: 'no catalog.owner and an owner tag with a space',
    mutate: (s) => s.edit('staging', (d) => { d.tags.owner = 'platform team'; }),
    file: STAGING, path: 'tags.owner', messageFragment: 'the owner tag "platform team" is not a Backstage entity name', received: 'platform team',
  },
  {
    rule: 'catalog/unique-system', title: "staging given prod's system",
    mutate: (s) => s.edit('staging', (d) => { d.catalog = { system: 'prod-backup' }; }),
    file: STAGING, path: 'catalog.system', messageFragment: 'Backstage System "prod-backup" is already the system of environments/prod.yaml', received: 'prod-backup',
  },
  {
    rule: 'schema/invalid', title: 'catalog owner of a kind that cannot own',
    mutate: (s) => s.edit('prod', (d) => { d.catalog.owner = 'component:default/platform-team'; }),
    file: PROD, path: 'catalog.owner', messageFragment: 'must be a Backstage entity reference to a group or user', received: 'component:default/platform-team',
  },
];

const CASES: readonly RuleCase[] = [...CONFIG_CASES, ...AWS_RULE_CASES];

describe('every rule fires on one small mutation of the examples', () => {
  it.each(CASES)('$rule: $title', ({ rule, mutate, file, path: expectedPath, messageFragment, received }) => {
    // GIVEN the valid examples with one mutation
    const set = examples();
    mutate(set);

    // WHEN they are validated
    const error = configErrorOf(set);

    // THEN one problem has exactly this rule, file, path, message and received value
    const problems = error.problems.map(summarize);
    expect(problems).toContainEqual({
      rule,
      file,
      path: expectedPath,
      message: expect.stringContaining(messageFragment),
      received,
      line: expect.any(Number),
    });

    // AND the error message lists it as `file:line: path: message [rule]`
    const problem = problems.find((p) => p.rule === rule && p.file === file && p.path === expectedPath)!;
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(error.message).toContain(`${file}:${problem.line}: ${expectedPath}: ${problem.message} [${rule}]`);
  });

  it('covers every rule of the catalog', () => {
    // GIVEN the rule catalog WHEN compared with the cases above THEN no rule is untested
    const tested = new Set(CASES.map((c) => c.rule));
    // environment/file fires only from the folder itself (a directory, a link, unreadable bytes): the loader's
    // file-system tests cover it (config-loader-files.test.ts), file texts cannot. The warning and the endpoint-model
    // rule have their own tests (config-rules-aws.test.ts). The limits of the synthesized stack fire on the stack, not
    // on the files (stack-limits.test.ts).
    const elsewhere = ['environment/file', 'copy/source-resource-key', 'region/service',
      'limits/iam-trust-policy', 'limits/iam-inline-policies', 'limits/iam-managed-policy', 'limits/ssm-parameter-name'];
    const untested = Object.keys(RULES).filter((rule) => !tested.has(rule as RuleId) && !elsewhere.includes(rule));
    expect(untested).toEqual([]);
    // AND every case names a catalogued rule
    expect(CASES.map((c) => c.rule).filter((rule) => !(rule in RULES))).toEqual([]);
  });
});

describe('all problems at once', () => {
  it('reports three independent rule violations in one file together', () => {
    // GIVEN dev.yaml with a role in another account, a bad time zone and a selection that is not an ARN
    const set = examples().edit('dev', (d) => {
      d.deployment.roleArn = 'arn:aws:iam::555555555555:role/terraform-deploy';
      d.plans[0].rules[0].scheduleTimezone = 'Mars/Olympus_Mons';
      d.plans[0].selections[0].resources = ['vol-0123456789abcdef0'];
    });

    // WHEN validated
    const error = configErrorOf(set);

    // THEN one ConfigError carries all three
    expect(error.problems.map((p) => [p.file, p.rule, formatPath(p.path)])).toEqual([
      [DEV, 'deployment/account', 'deployment.roleArn'],
      [DEV, 'schedule/timezone', 'plans[0].rules[0].scheduleTimezone'],
      [DEV, 'selection/arn-format', 'plans[0].selections[0].resources[0]'],
    ]);
    expect(error.message).toMatch(/^3 problems in the environment configuration:\n/);
    expect(error.message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(3);
  });

  it('reports three schema mistakes in one file together', () => {
    // GIVEN dev.yaml with an unquoted account, an unknown partition and a negative retention
    const set = examples().edit('dev', (d) => {
      d.accountId = 444444444444;
      d.partition = 'azure';
      d.plans[0].rules[0].lifecycle.deleteAfterDays = -1;
    });

    // WHEN validated THEN three schema/invalid problems come back at once
    const error = configErrorOf(set);
    expect(error.problems.map((p) => [p.file, p.rule, formatPath(p.path), p.received])).toEqual(
      expect.arrayContaining([
        [DEV, 'schema/invalid', 'accountId', 444444444444],
        [DEV, 'schema/invalid', 'partition', 'azure'],
        [DEV, 'schema/invalid', 'plans[0].rules[0].lifecycle.deleteAfterDays', -1],
      ]),
    );
    expect(error.problems).toHaveLength(3);
  });

  it('reports problems of two different files together', () => {
    // GIVEN a bad time zone in dev.yaml and an unknown rule vault in staging.yaml
    const set = examples()
      .edit('dev', (d) => { d.plans[0].rules[0].scheduleTimezone = 'Australia/Sidney'; })
      .edit('staging', (d) => { d.plans[0].rules[0].vault = 'stagin'; });

    // WHEN validated
    const error = configErrorOf(set);

    // THEN both files' problems are in the one error
    expect(error.problems.map((p) => [p.file, p.rule])).toEqual([
      [DEV, 'schedule/timezone'],
      [STAGING, 'vault/unknown-rule-vault'],
    ]);
    expect(error.message).toContain(`${DEV}:`);
    expect(error.message).toContain(`${STAGING}:`);
  });
});

describe('unknown keys', () => {
  it.each([
    { where: 'block mapping', original: '          deleteAfterDays: 2555', typo: '          deleteAfterDay: 2555', path: 'plans[1].rules[0].lifecycle.deleteAfterDay', received: 2555 },
    { where: 'flow mapping', original: 'lifecycle: { deleteAfterDays: 35 }', typo: 'lifecycle: { deleteAfterDay: 35 }', path: 'plans[0].rules[0].lifecycle.deleteAfterDay', received: 35 },
  ])('report a typo in a $where as schema/invalid at the key and its line', ({ original, typo, path: expectedPath, received }) => {
    // GIVEN prod.yaml with a misspelt key (text edit, so the line numbers stay those of the file)
    const set = examples().replace('prod', original, typo);
    const expectedLine = lineContaining(set.text('prod'), typo.trim());

    // WHEN validated
    const error = configErrorOf(set);

    // THEN the problem points at the key itself, on its line
    expect(error.problems.map(summarize)).toEqual([
      {
        rule: 'schema/invalid',
        file: PROD,
        path: expectedPath,
        message: expect.stringContaining('unknown key "deleteAfterDay"'),
        received,
        line: expectedLine,
      },
    ]);
    expect(error.message).toContain(`${PROD}:${expectedLine}: ${expectedPath}: unknown key "deleteAfterDay"`);
  });
});

describe('fixed rule gaps', () => {
  it.each(['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'America/Nuuk', 'Etc/UTC', 'UTC'])('accepts the current IANA name %s', (zone) => {
    // GIVEN dev with a current zone name WHEN validated THEN no problem
    const set = examples().edit('dev', (d) => { d.plans[0].rules[0].scheduleTimezone = zone; });
    expect(() => parseEnvironments(set.sources())).not.toThrow();
  });

  it('reports a vault region listed twice once, under region/duplicate only', () => {
    const set = examples().edit('dev', (d) => { d.vaults[0].regions = ['ap-southeast-2', 'ap-southeast-2']; });
    expect(configErrorOf(set).problems.map((p) => p.rule)).toEqual(['region/duplicate']);
  });

  it('does not cascade from a file with broken YAML or a broken name', () => {
    // GIVEN backup-central.yaml with a YAML syntax error
    const broken = examples().replace('backup-central', 'owner: platform-team', 'owner: "platform-team');
    // THEN only its own syntax problem is reported, nothing in prod or staging about a missing backup-central
    expect(configErrorOf(broken).problems.map((p) => [p.file, p.rule])).toEqual(
      configErrorOf(broken).problems.map(() => [CENTRAL, 'yaml/syntax']),
    );
    // GIVEN prod.yaml whose name breaks the schema
    const badName = examples().replace('prod', 'name: prod', 'name: Prod');
    expect(configErrorOf(badName).problems.map((p) => [p.file, p.rule, formatPath(p.path)])).toEqual([[PROD, 'schema/invalid', 'name']]);
  });
});

describe('no cascade from a file that failed its schema', () => {
  it('does not report acceptCopiesFrom [prod] when prod.yaml is invalid', () => {
    // GIVEN prod.yaml with an unquoted account ID (a schema error) and backup-central accepting copies from prod
    const set = examples().replace('prod', 'accountId: "222222222222"', 'accountId: 222222222222');

    // WHEN validated
    const error = configErrorOf(set);

    // THEN only prod's own schema problem is reported: nothing about prod being unknown elsewhere
    expect(error.problems.map((p) => [p.file, p.rule, formatPath(p.path)])).toEqual([[PROD, 'schema/invalid', 'accountId']]);
    expect(error.problems.some((p) => p.rule === 'accept-copies/unknown-environment')).toBe(false);
  });

  it('does report acceptCopiesFrom [prod] when there is no prod.yaml at all (the check is live)', () => {
    // GIVEN the examples without prod.yaml
    const set = examples().remove('prod');

    // WHEN validated THEN backup-central's reference to prod is an unknown environment
    const error = configErrorOf(set);
    expect(error.problems.map(summarize)).toContainEqual(
      expect.objectContaining({ rule: 'accept-copies/unknown-environment', file: CENTRAL, path: 'vaults[0].acceptCopiesFrom.environments[0]', received: 'prod' }),
    );
  });
});

describe('YAML errors', () => {
  it('reports a syntax error as yaml/syntax with its line', () => {
    // GIVEN dev.yaml with an unterminated quoted string on the `name` line
    const set = examples().replace('dev', 'name: dev\n', 'name: "dev\n');
    const expectedLine = lineContaining(set.text('dev'), 'name: "dev');

    // WHEN validated THEN one yaml/syntax problem points at that line
    const error = configErrorOf(set);
    expect(error.problems.map(summarize)).toEqual([
      { rule: 'yaml/syntax', file: DEV, path: '(root)', message: expect.stringContaining('Missing closing'), received: undefined, line: expectedLine },
    ]);
    expect(expectedLine).toBe(3);
  });

  it('reports a duplicate key as yaml/syntax with the line of the second key', () => {
    // GIVEN dev.yaml where tags.owner is given twice
    const set = examples().replace('dev', '  owner: app-team-sydney\n', '  owner: app-team-sydney\n  owner: someone-else\n');
    const expectedLine = lineContaining(set.text('dev'), 'owner: someone-else');

    // WHEN validated THEN the duplicate is a yaml/syntax problem on the second key's line
    const error = configErrorOf(set);
    expect(error.problems.map(summarize)).toEqual([
      { rule: 'yaml/syntax', file: DEV, path: '(root)', message: expect.stringContaining('Map keys must be unique'), received: undefined, line: expectedLine },
    ]);
    expect(formatProblem(error.problems[0])).toBe(`${DEV}:${expectedLine}: (root): ${error.problems[0].message} [yaml/syntax] (received: nothing)`);
  });
});

describe('analyseCron', () => {
  it.each([
    { expression: 'cron(0 3 * * ? *)', gap: undefined, note: 'daily at 03:00' },
    { expression: 'cron(0 2 ? * SUN *)', gap: undefined, note: 'weekly on Sunday' },
    { expression: 'cron(*/30 * * * ? *)', gap: 30, note: 'every 30 minutes' },
    { expression: 'cron(0 */6 * * ? *)', gap: 360, note: 'every 6 hours' },
    { expression: 'cron(0 0,23 * * ? *)', gap: 60, note: '23:00 and midnight (gap across midnight)' },
  ])('accepts $expression ($note) with minimum gap $gap', ({ expression, gap }) => {
    // GIVEN a well-formed schedule WHEN analysed THEN no errors and the expected shortest gap
    expect(analyseCron(expression)).toEqual(gap === undefined ? { errors: [] } : { errors: [], minimumGapMinutes: gap });
  });

  it.each([
    { expression: 'cron(0 3 * * *)', error: 'must have 6 fields (minutes hours day-of-month month day-of-week year), found 5' },
    { expression: 'cron(0 3 ? * ? *)', error: 'exactly one of day-of-month and day-of-week must be "?"' },
    { expression: 'cron(0 3 * * MON *)', error: 'exactly one of day-of-month and day-of-week must be "?"' },
    { expression: 'rate(1 day)', error: 'must be written cron(<6 fields>)' },
    { expression: 'cron(60 3 * * ? *)', error: 'the minutes field "60" is out of range (0-59)' },
  ])('rejects $expression', ({ expression, error }) => {
    // GIVEN a malformed schedule WHEN analysed THEN it names what is wrong and measures nothing
    const analysis = analyseCron(expression);
    expect(analysis.errors).toEqual([error]);
    expect(analysis.minimumGapMinutes).toBeUndefined();
  });
});

describe('orchestration regions without plans', () => {
  it('are valid: they get functions and drills but no orchestrator, so onDemandRule need not run there', () => {
    // GIVEN prod orchestrated in eu-central-1 too, where no plan runs
    const set = examples().edit('prod', (d) => { d.orchestration.regions = ['eu-west-1', 'eu-central-1']; });

    // WHEN validated THEN there is no problem, and only eu-west-1 has a default on-demand rule
    const prod = parseEnvironments(set.sources()).find((m) => m.name === 'prod')!;
    expect(prod.orchestration!.regions).toEqual(['eu-west-1', 'eu-central-1']);
    expect(Object.keys(prod.orchestration!.defaultOnDemandRule)).toEqual(['eu-west-1']);
  });
});

describe('regressions found by the property tests (config-properties.test.ts)', () => {
  /** The ConfigError validateEnvironmentConfigs must throw for in-memory configurations. */
  const inMemoryErrorOf = (config: unknown): ConfigError => {
    try {
      validateEnvironmentConfigs([{ file: 'in-memory', config }]);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError, but the configuration was accepted');
  };

  it('accepts a tag key named like an Object.prototype member ("constructor") in tags and stringEquals', () => {
    // GIVEN prod selecting by tags whose key is "constructor", and stringEquals on another key
    // (was: a false selection/conflicting-tag against Object's constructor, then a TypeError while formatting it)
    const set = examples().edit('prod', (d) => {
      d.plans[0].selections[0].tags = { constructor: 'daily' };
      d.plans[0].selections[0].conditions = { stringEquals: { toString: 'yes' } };
    });

    // WHEN validated THEN there is no problem, and the selection holds both conditions
    const prod = parseEnvironments(set.sources()).find((m) => m.name === 'prod')!;
    expect(prod.plans[0].selections[0].stringEquals).toEqual([
      { key: 'aws:ResourceTag/constructor', value: 'daily' },
      { key: 'aws:ResourceTag/toString', value: 'yes' },
    ]);
  });

  it('reports an alias without its anchor as yaml/syntax on the alias line (was: a ReferenceError from the YAML library)', () => {
    // GIVEN dev.yaml whose owner tag is an alias of an anchor that does not exist
    const set = examples().replace('dev', '  owner: app-team-sydney\n', '  owner: *team\n');
    const expectedLine = lineContaining(set.text('dev'), 'owner: *team');

    // WHEN validated THEN one yaml/syntax problem names the alias and its line
    expect(configErrorOf(set).problems.map(summarize)).toEqual([
      { rule: 'yaml/syntax', file: DEV, path: '(root)', message: expect.stringContaining('Unresolved alias'), received: '*team', line: expectedLine },
    ]);
  });

  it.each(['', '# nothing yet\n'])('reports a file without content (%j) as empty, not as "expected object, received null"', (text) => {
    // GIVEN an empty dev.yaml WHEN validated THEN the problem says the file is empty
    const set = examples().replace('dev', examples().text('dev'), text);
    expect(configErrorOf(set).problems.map(summarize)).toEqual([
      { rule: 'schema/invalid', file: DEV, path: '(root)', message: expect.stringContaining('the file is empty'), received: undefined, line: 1 },
    ]);
  });

  it('refuses Terraform template sequences in free-text values (they reached the synthesized JSON and failed terraform validate)', () => {
    // GIVEN an OIDC subject with "${" and a state key with "%{"
    const set = examples()
      .edit('prod', (d) => { d.access.operator.oidc[0].subjects = ['00u1${aws:username}']; })
      .edit('staging', (d) => { d.state.key = 'backup/%{ if true }x%{ endif }.tfstate'; });

    // WHEN validated THEN both are schema/invalid at their paths, saying why
    const problems = configErrorOf(set).problems.map(summarize);
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'schema/invalid', file: PROD, path: 'access.operator.oidc[0].subjects[0]', received: '00u1${aws:username}' }),
      expect.objectContaining({ rule: 'schema/invalid', file: STAGING, path: 'state.key', received: 'backup/%{ if true }x%{ endif }.tfstate' }),
    ]);
    for (const problem of problems) expect(problem.message).toContain('Terraform would read it as template syntax');
  });

  it('refuses a "__proto__" key, which JavaScript drops, instead of reporting the selection as empty', () => {
    // GIVEN staging selecting by anyOfTags { __proto__: daily } (YAML keeps the key; the schema would drop it)
    const set = examples().replace('staging', 'anyOfTags: { backup: daily, backup-tier: standard }', 'anyOfTags: { __proto__: daily }');

    // WHEN validated THEN the key itself is the problem
    expect(configErrorOf(set).problems.map(summarize)).toContainEqual(expect.objectContaining({
      rule: 'schema/invalid', file: STAGING, path: 'plans[0].selections[0].anyOfTags.__proto__', received: 'daily', message: expect.stringContaining('"__proto__" is reserved'),
    }));
  });

  it('refuses the start endpoint when no plan runs in the primary region, even with an onDemandRule (was accepted, then the stack threw at synth)', () => {
    // GIVEN prod's plans running only in eu-central-1, orchestration in both regions, the onDemandRule naming a plan there
    const set = examples().edit('prod', (d) => {
      for (const plan of d.plans) plan.regions = ['eu-central-1'];
      d.plans[0].rules[0].copyTo.splice(0, 1); // its copy to eu-central-1 would now copy onto itself
      d.orchestration.regions = ['eu-west-1', 'eu-central-1'];
      d.orchestration.restoreTesting[0].region = 'eu-central-1'; // it tests what the plans back up, now there
    });

    // WHEN validated THEN the start endpoint (primary region eu-west-1, no orchestrator there) is the one problem
    expect(configErrorOf(set).problems.map(summarize)).toEqual([
      expect.objectContaining({ rule: 'access/api-orchestration', file: PROD, path: 'access.api', received: 'eu-west-1' }),
    ]);
  });

  it('refuses a drill whose schedule name (<environment>-drill-<drill>) exceeds 64 characters (the stack threw at synth)', () => {
    // GIVEN dev renamed to 32 characters (file too), with a drill of 26 characters (the most that fits) and one of 27
    const name = 'dev-sydney-backups-experimental1';
    const drill = (drillName: string) => ({ name: drillName, schedule: 'rate(7 days)', resourceType: 'EBS', resourceArn: 'arn:aws:ec2:ap-southeast-2:444444444444:volume/vol-0abc' });
    const set = examples()
      .edit('dev', (d) => {
        d.name = name;
        d.orchestration.drills = [drill('a'.repeat(25)), drill('b'.repeat(26))];
      })
      .rename('dev', fileOf(name));

    // WHEN validated THEN only the longer drill name is refused, with the room left
    expect(configErrorOf(set).problems.map(summarize)).toEqual([
      { rule: 'schema/invalid', file: fileOf(name), path: 'orchestration.drills[1].name', received: 'b'.repeat(26), line: expect.any(Number),
        message: expect.stringMatching(/has 65 characters and EventBridge Scheduler allows 64 \(drill names of this environment have at most 25\)/) },
    ]);
  });

  it('refuses two drills, restore testing plans or restore testing selections of one name in one region (their constructs collided at synth)', () => {
    // GIVEN prod with a second drill and a second restore testing plan of the same names, and a repeated selection
    const set = examples().edit('prod', (d) => {
      d.orchestration.drills.push({ ...d.orchestration.drills[0], schedule: 'rate(7 days)' });
      d.orchestration.restoreTesting[0].selections.push(d.orchestration.restoreTesting[0].selections[0]);
      d.orchestration.restoreTesting.push({ ...d.orchestration.restoreTesting[0], selections: [d.orchestration.restoreTesting[0].selections[0]] });
    });

    // WHEN validated THEN each repeated name is one names/unique problem
    expect(configErrorOf(set).problems.map((p) => [p.rule, formatPath(p.path), p.received])).toEqual([
      ['names/unique', 'orchestration.drills[1].name', 'orders-db-monthly'],
      ['names/unique', 'orchestration.restoreTesting[1].name', 'weekly_tables'],
      ['names/unique', 'orchestration.restoreTesting[0].selections[1].name', 'tagged_tables'],
    ]);
  });

  it('reports values that JSON cannot show (NaN, BigInt, functions, circular objects) without failing while reporting', () => {
    // GIVEN in-memory configurations (buildEnvironmentModels) holding such values
    const dev = parse(examples().text('dev'));
    const circular: Record<string, unknown> = { ...dev };
    circular.self = circular;

    // WHEN validated THEN each is a ConfigError (before: a TypeError from JSON.stringify, or "received: null" for NaN)
    expect(inMemoryErrorOf({ ...dev, accountId: 444444444444n }).message).toContain('accountId: must be a quoted string of 12 digits, e.g. "111111111111" (unquoted numbers lose leading zeros) [schema/invalid] (received: 444444444444n)');
    expect(inMemoryErrorOf({ ...dev, tags: { ...dev.tags, owner: () => 'team' } }).message).toContain('(received: (a function))');
    expect(inMemoryErrorOf(circular).message).toContain('self: unknown key "self" (check the spelling; see environment.schema.json) [schema/invalid] (received: (a object))');
    const nan = configErrorOf(examples().replace('dev', 'deleteAfterDays: 7', 'deleteAfterDays: .nan'));
    expect(formatProblem(nan.problems[0])).toMatch(/plans\[0\]\.rules\[0\]\.lifecycle\.deleteAfterDays: .* \(received: NaN\)$/);
  });
});
