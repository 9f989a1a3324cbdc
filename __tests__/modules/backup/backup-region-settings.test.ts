import type { DescribeRegionSettingsOutput } from '@aws-sdk/client-backup';
import { Testing } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BACKUP_RESOURCE_TYPES, MANAGEMENT_PREFERENCE_TYPES, OTHER_MANAGEMENT_PREFERENCE_KEYS, TYPES_IN_EVERY_REGION } from '../../../config/aws-facts';
import { BackupRegionSettings } from '../../../modules/backup/backup-region-settings';
import { prepareTerraformCli } from '../../../tools/lib/terraform/cli-config';
import { writeOfflineOverride } from '../../../tools/lib/terraform/offline-override';
import { runProcess } from '../../../tools/lib/terraform/process';
import { planArguments, terraformInit, terraformPlanChanges } from '../../../tools/lib/terraform/runner';
import { constructTestStack, exampleModel, resourcesOf, synthEnvironment, synthJson } from '../../support/synth';
import { tempDirMaker } from '../../support/temp-dirs';
import { terraformToolchain } from '../../support/terraform';

/*
 * AWS Backup Region settings: which types are opted in and fully managed, per Region, from config. Only the keys the
 * config names are managed; every other key AWS returns is left to the account, so a plan against AWS's real answer
 * (every type it knows) shows no change.
 */

const tempDir = tempDirMaker();
const settingsOf = (json: ReturnType<typeof synthJson>) => resourcesOf(json, 'aws_backup_region_settings').map(([, r]) => r);

describe('BackupRegionSettings', () => {
  it('GIVEN opt-in for EBS and S3 (S3 out) WHEN synthesized THEN those keys are set, full management is on, and every other key is left to the account', () => {
    const { stack, provider } = constructTestStack();
    new BackupRegionSettings(stack, 'settings', { provider, optIn: { EBS: true, S3: false } });
    const [settings] = settingsOf(synthJson(stack));
    expect(settings.resource_type_opt_in_preference).toEqual({ EBS: true, S3: false });
    expect(settings.resource_type_management_preference).toEqual({ DynamoDB: true, EFS: true });
    const ignored: string[] = settings.lifecycle.ignore_changes;
    expect(ignored).toContain('resource_type_opt_in_preference["Redshift Serverless"]');
    expect(ignored).not.toContain('resource_type_opt_in_preference["EBS"]');
    expect(ignored).toHaveLength(BACKUP_RESOURCE_TYPES.length - 2 + OTHER_MANAGEMENT_PREFERENCE_KEYS.length);
  });

  it('GIVEN two instances in one stack WHEN synthesized THEN their ids do not collide', () => {
    const { stack, provider } = constructTestStack();
    new BackupRegionSettings(stack, 'a', { provider, optIn: { EBS: true } });
    new BackupRegionSettings(stack, 'b', { provider, optIn: { EFS: true } });
    expect(settingsOf(synthJson(stack))).toHaveLength(2);
  });
});

describe('Region settings of the examples', () => {
  it('GIVEN prod (two Regions, RDS and DynamoDB named, a DynamoDB restore test) WHEN synthesized THEN each Region opts in the base types and those named', () => {
    const settings = settingsOf(synthEnvironment(exampleModel('prod')));
    expect(settings.map((s) => s.provider).sort()).toEqual(['aws.eu-central-1', 'aws.eu-west-1']);
    for (const s of settings) {
      expect(Object.keys(s.resource_type_opt_in_preference).sort()).toEqual([...TYPES_IN_EVERY_REGION].sort());
      expect(Object.values(s.resource_type_opt_in_preference).every(Boolean)).toBe(true);
    }
  });

  it('GIVEN regionSettings.manage false WHEN synthesized THEN the stack leaves the Region settings alone', () => {
    const dev = exampleModel('dev');
    expect(settingsOf(synthEnvironment({ ...dev, regionSettings: [] }))).toEqual([]);
  });
});

/** What AWS answers for a Region: every type it knows (the ledger's), some opted out by someone else. */
const AWS_ANSWER = {
  ResourceTypeOptInPreference: Object.fromEntries(BACKUP_RESOURCE_TYPES.map((t) => [t, !['S3', 'VirtualMachine', 'Timestream'].includes(t)])),
  ResourceTypeManagementPreference: Object.fromEntries([...MANAGEMENT_PREFERENCE_TYPES, ...OTHER_MANAGEMENT_PREFERENCE_KEYS].map((k) => [k, true])),
} satisfies DescribeRegionSettingsOutput;

/** A Terraform state holding the settings as the provider reads them from AWS's answer. */
function stateWith(answer: typeof AWS_ANSWER, name: string, region: string): string {
  return JSON.stringify({
    version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'region-settings-test', outputs: {},
    resources: [{
      mode: 'managed', type: 'aws_backup_region_settings', name, provider: `provider["registry.terraform.io/hashicorp/aws"].${region}`,
      instances: [{
        schema_version: 0, sensitive_attributes: [],
        attributes: { id: region, resource_type_opt_in_preference: answer.ResourceTypeOptInPreference, resource_type_management_preference: answer.ResourceTypeManagementPreference },
      }],
    }],
  });
}

describe('Region settings through real Terraform against AWS\'s answer', () => {
  const { mirror } = terraformToolchain();
  const dir = tempDir('region-settings-');
  const cli = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(dir, '.terraformrc'), mirror, offline: true });
  const { stack, provider } = constructTestStack('eu-west-1');
  const construct = new BackupRegionSettings(stack, 'settings', { provider, optIn: Object.fromEntries(TYPES_IN_EVERY_REGION.map((t) => [t, true])) });
  const name = construct.resource.friendlyUniqueId;

  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), Testing.synth(stack));
    writeOfflineOverride(dir);
    await terraformInit(dir, cli.env);
  });

  it('GIVEN AWS answering every type it knows (some opted out elsewhere) WHEN planned without refresh THEN nothing changes', async () => {
    fs.writeFileSync(path.join(dir, 'terraform.tfstate'), stateWith(AWS_ANSWER, name, 'eu-west-1'));
    const plan = await terraformPlanChanges(dir, cli.env, { refresh: false });
    expect(plan).toEqual({ add: 0, change: 0, destroy: 0, created: {}, moved: {} });
  });

  it('GIVEN AWS answering that EBS is opted out WHEN planned THEN the one managed key is put back (an update in place)', async () => {
    const answer = { ...AWS_ANSWER, ResourceTypeOptInPreference: { ...AWS_ANSWER.ResourceTypeOptInPreference, EBS: false } };
    fs.writeFileSync(path.join(dir, 'terraform.tfstate'), stateWith(answer, name, 'eu-west-1'));
    const planFile = path.join(dir, 'ebs.tfplan');
    const plan = await runProcess('terraform', [...planArguments({ refresh: false }), `-out=${planFile}`], { cwd: dir, env: cli.env });
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    const show = await runProcess('terraform', ['show', '-json', planFile], { cwd: dir, env: cli.env });
    type Settings = { resource_type_opt_in_preference: Record<string, boolean> };
    const changes = JSON.parse(show.stdout).resource_changes as { change: { actions: string[]; before: Settings; after: Settings } }[];
    expect(changes.map((c) => c.change.actions)).toEqual([['update']]);
    const { before, after } = changes[0].change;
    const changed = Object.keys(after.resource_type_opt_in_preference)
      .filter((type) => after.resource_type_opt_in_preference[type] !== before.resource_type_opt_in_preference[type])
      .map((type) => `${type}: ${before.resource_type_opt_in_preference[type]} -> ${after.resource_type_opt_in_preference[type]}`);
    expect(changed).toEqual(['EBS: false -> true']);
  });
});
