import { BackupVault as BackupVaultResource } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupPlan } from '../../../modules/backup/backup-plan';
import { BackupRulePresets, type BackupRuleProps } from '../../../modules/backup/backup-rule';
import { constructTestStack, resourcesOf, synthJson } from '../../support/synth';

function plan(rules: BackupRuleProps[], selections: ConstructorParameters<typeof BackupPlan>[2]['selections'] = [
  { name: 'tagged', iamRoleArn: 'role-arn', resources: ['*'], stringEquals: [{ key: 'aws:ResourceTag/backup', value: 'daily' }] },
]) {
  const { stack, provider } = constructTestStack();
  const vault = new BackupVaultResource(stack, 'vault', { provider, name: 'main' });
  new BackupPlan(stack, 'plan', { provider, name: 'daily', rules, selections, vaults: new Map([['main', vault]]) });
  return synthJson(stack);
}

describe('BackupPlan and BackupSelection', () => {
  it('renders rules with explicit windows, lifecycle and copy actions', () => {
    // GIVEN a daily preset with a cross-account copy
    const rule = { ...BackupRulePresets.daily('main'), copies: [{ destinationVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:central', lifecycle: { deleteAfterDays: 90 } }] };
    // WHEN synthesized
    const [[, p]] = resourcesOf(plan([rule]), 'aws_backup_plan');
    // THEN the rule carries every default explicitly and the copy its own retention
    expect(p.rule[0]).toMatchObject({
      rule_name: 'daily', schedule: 'cron(0 5 * * ? *)', schedule_expression_timezone: 'Etc/UTC', start_window: 60, completion_window: 10080, enable_continuous_backup: false,
      lifecycle: { delete_after: 35 },
      copy_action: [{ destination_vault_arn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:central', lifecycle: { delete_after: 90 } }],
    });
    expect(p.rule[0].target_vault_name).toMatch(/^\$\{aws_backup_vault\.vault\.name\}$/);
  });

  it('presets follow the AWS lifecycle rules', () => {
    const monthly = BackupRulePresets.monthly7Year('main');
    expect(monthly.lifecycle).toEqual({ moveToColdStorageAfterDays: 90, deleteAfterDays: 2555 });
    const json = plan([BackupRulePresets.weekly('main'), monthly, BackupRulePresets.monthly1Year('main')]);
    expect(resourcesOf(json, 'aws_backup_plan')[0][1].rule).toHaveLength(3);
  });

  it('renders every selection in one stable shape: resources, not_resources and exactly one condition block', () => {
    const json = plan([BackupRulePresets.daily('main')], [
      { name: 'by-tag', iamRoleArn: 'role', resources: ['*'], stringEquals: [{ key: 'aws:ResourceTag/b', value: '2' }, { key: 'aws:ResourceTag/a', value: '1' }] },
      { name: 'any-tag', iamRoleArn: 'role', resources: [], anyOfTags: [{ key: 'backup', value: 'daily' }] },
    ]);
    const selections = resourcesOf(json, 'aws_backup_selection').map(([, s]) => s);
    for (const s of selections) {
      expect(Array.isArray(s.resources)).toBe(true);
      expect(s.not_resources).toEqual([]);
      expect(s.condition).toHaveLength(1);
      expect(Object.keys(s.condition[0]).sort()).toEqual(['string_equals', 'string_like', 'string_not_equals', 'string_not_like']);
    }
    const byTag = selections.find((s) => s.name === 'by-tag') as Record<string, any>;
    // THEN tag conditions are sorted (a stable order means no diff between synths)
    expect(byTag.condition[0].string_equals).toEqual([{ key: 'aws:ResourceTag/a', value: '1' }, { key: 'aws:ResourceTag/b', value: '2' }]);
    expect((selections.find((s) => s.name === 'any-tag') as Record<string, any>).selection_tag).toEqual([{ type: 'STRINGEQUALS', key: 'backup', value: 'daily' }]);
  });

  it('rejects rules and selections AWS would reject, with the rule and value', () => {
    expect(() => plan([{ ...BackupRulePresets.daily('main'), lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 100 } }])).toThrow(/moveToColdStorageAfterDays \+ 90; got 100/);
    expect(() => plan([{ ...BackupRulePresets.daily('main'), startWindowMinutes: 30 }])).toThrow(/at least 60; got 30/);
    expect(() => plan([{ ...BackupRulePresets.daily('main'), continuousBackup: true, lifecycle: { deleteAfterDays: 90 } }])).toThrow(/1-35 days; got 90/);
    expect(() => plan([BackupRulePresets.daily('other')])).toThrow(/unknown vault; got "other"/);
    expect(() => plan([BackupRulePresets.daily('main')], [{ name: 'empty', iamRoleArn: 'r', resources: [] }])).toThrow(/resources or anyOfTags; got neither/);
    const many = Array.from({ length: 31 }, (_, i) => `arn:aws:ec2:*:*:volume/vol-${i}*`);
    expect(() => plan([BackupRulePresets.daily('main')], [{ name: 'wild', iamRoleArn: 'r', resources: many }])).toThrow(/at most 30 resources; got 31/);
  });
});
