import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareTerraformCli } from '../tools/lib/terraform/cli-config';
import { writeOfflineOverride } from '../tools/lib/terraform/offline-override';
import { terraformInit, terraformPlanChanges, type PlanChanges } from '../tools/lib/terraform/runner';
import { exampleModels } from './support/synth';
import { synthToDisk } from './support/synth-to-disk';
import { terraformToolchain } from './support/terraform';

/*
 * Every example environment goes through the real Terraform and the real hashicorp/aws 5.100.0 provider:
 * init and an offline plan (local backend and mock credentials through an override file; nothing is read from AWS).
 * The plan includes terraform's validation ("use the terraform plan command instead, which includes an implied
 * validation check": https://developer.hashicorp.com/terraform/cli/commands/validate), so a separate
 * `terraform validate` would only start the provider once more per Region. `terraform validate` itself runs where a
 * stack is only validated (config-properties-terraform's generated estates) and in synth:hcl, which validates what it
 * writes. The expected counts are what each example's config asks for; a change in them is a change in what users
 * would deploy, so it must be deliberate.
 */
const EXPECTED: Record<string, { add: number; types: Record<string, number> }> = {
  // Every stack also has 3 permissions boundaries (workload, backup, restore) and the access roles its config asks
  // for (operator, auditor, break-glass, CI plan and deploy), prod the start endpoint (API, 3 routes, 2 roles), and
  // the AWS Backup Region settings of each of its Regions.
  // 3 vaults (2 standard with keys, 1 air-gapped), 2 notification topics, 2 roles, no plans; orchestration in eu-west-1
  // without orchestrator or job recovery (no plan there): DR drill, 6 functions, 3 tables
  'backup-central': { add: 142, types: { aws_backup_region_settings: 2, aws_backup_vault: 2, aws_backup_logically_air_gapped_vault: 1, aws_backup_vault_policy: 3, aws_backup_vault_lock_configuration: 2, aws_kms_key: 5, aws_sns_topic: 2, aws_iam_role: 11, aws_iam_policy: 3, aws_backup_plan: 0, aws_sfn_state_machine: 1, aws_lambda_function: 6, aws_dynamodb_table: 3 } },
  // 2 regions, 1 vault in each, 2 plans in the primary region
  prod: { add: 216, types: { aws_backup_region_settings: 2, aws_backup_vault: 2, aws_backup_plan: 2, aws_backup_selection: 2, aws_backup_vault_lock_configuration: 2, aws_kms_key: 5, aws_sns_topic: 2, aws_iam_role: 20, aws_iam_policy: 3, aws_iam_openid_connect_provider: 2, aws_apigatewayv2_api: 1, aws_apigatewayv2_route: 3, aws_sfn_state_machine: 3, aws_lambda_function: 8, aws_scheduler_schedule: 1, aws_scheduler_schedule_group: 1, aws_backup_restore_testing_plan: 1, aws_backup_restore_testing_selection: 1 } },
  staging: { add: 136, types: { aws_backup_region_settings: 1, aws_backup_vault: 1, aws_backup_plan: 1, aws_backup_selection: 1, aws_kms_key: 3, aws_sns_topic: 1, aws_iam_role: 15, aws_iam_policy: 3, aws_iam_openid_connect_provider: 1, aws_sfn_state_machine: 3, aws_cloudwatch_event_rule: 5 } },
  dev: { add: 115, types: { aws_backup_region_settings: 1, aws_iam_policy: 3, aws_backup_vault: 1, aws_backup_plan: 1, aws_backup_selection: 1, aws_kms_key: 3, aws_sns_topic: 1, aws_backup_vault_notifications: 0, aws_sfn_state_machine: 2, aws_cloudwatch_event_rule: 4 } },
};

describe('example environments through real Terraform', () => {
  const { mirror } = terraformToolchain();
  const { outdir, stacks } = synthToDisk(exampleModels(), 'examples');
  const cli = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(outdir, '.terraformrc'), mirror, offline: true });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes one stack per example environment', () => {
    expect(stacks.map((s) => s.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s: terraform init and offline plan (validation included) pass with the expected resources', async (name) => {
    // GIVEN the synthesized stack with the offline override beside it
    const stack = stacks.find((s) => s.name === name);
    if (!stack) throw new Error(`stack ${name} was not synthesized`);
    const deployed = fs.readFileSync(stack.stackFile, 'utf8');
    writeOfflineOverride(stack.dir);

    // WHEN terraform runs
    await terraformInit(stack.dir, cli.env);
    const plan: PlanChanges = await terraformPlanChanges(stack.dir, cli.env);

    // THEN it is valid (an error diagnostic fails the plan), plans only additions, with the expected resources, and the
    // deployed file is untouched
    expect({ add: plan.add, change: plan.change, destroy: plan.destroy }).toEqual({ add: EXPECTED[name].add, change: 0, destroy: 0 });
    for (const [type, count] of Object.entries(EXPECTED[name].types)) {
      expect([type, plan.created[type] ?? 0]).toEqual([type, count]);
    }
    expect(fs.readFileSync(stack.stackFile, 'utf8')).toBe(deployed);
  });
});
