import { vaultKeyServices } from '../../../config/aws-facts';
import { BackupVault } from '../../../modules/backup/backup-vault';
import { constructTestStack, parsePolicy, resourcesOf, synthJson } from '../../support/synth';

const location = { partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '123456789012' };

function vault(overrides: Partial<ConstructorParameters<typeof BackupVault>[2]> = {}) {
  const { stack, provider } = constructTestStack('us-gov-west-1');
  new BackupVault(stack, 'vault', {
    provider,
    location,
    vaultName: 'central',
    encryption: { kind: 'create', keyAliasName: 'env-backup-central' },
    breakGlassRoleName: 'break-glass',
    ...overrides,
  });
  return synthJson(stack);
}

describe('BackupVault', () => {
  it('denies deleting and shortening recovery points to everyone but the break-glass role', () => {
    // GIVEN a vault WHEN synthesized
    const json = vault();
    // THEN its access policy denies the protected actions unless the principal is the break-glass role
    const [[, policyResource]] = resourcesOf(json, 'aws_backup_vault_policy');
    const deny = parsePolicy(policyResource.policy).Statement.find((s) => s.Effect === 'Deny');
    expect(deny).toMatchObject({
      Principal: { AWS: '*' },
      Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws-us-gov:iam::123456789012:role/break-glass' } },
    });
  });

  it('creates a rotating customer-managed key usable by this account only through the services that handle recovery points', () => {
    const json = vault();
    const [[, key]] = resourcesOf(json, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const statements = parsePolicy(key.policy).Statement;
    const use = statements.find((s) => s.Sid === 'AccountUsesKeyThroughBackupServices');
    // THEN AWS Backup (fully managed types) and EC2, RDS, FSx... (copies of the types they own) may use it, in the vault region
    expect(use?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': vaultKeyServices().map((s) => `${s}.us-gov-west-1.amazonaws.com`).sort(), 'kms:CallerAccount': '123456789012' },
    });
    expect(vaultKeyServices()).toEqual(expect.arrayContaining(['backup', 'ec2', 'fsx', 'rds']));
    // THEN no statement uses a wildcard action, and administration cannot use the key for data
    for (const s of statements) for (const a of [s.Action].flat()) expect(a).not.toContain('*');
    const admin = statements.find((s) => s.Sid === 'AccountAdministersKey');
    expect(admin?.Action).not.toContain('kms:Decrypt');
    const [[, vaultResource]] = resourcesOf(json, 'aws_backup_vault');
    expect(vaultResource.kms_key_arn).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
  });

  it('accepts CopyIntoBackupVault from exactly the configured accounts and organization', () => {
    // GIVEN a central vault with two source accounts and an organization
    const json = vault({ copySources: { accountIds: ['222222222222', '111111111111'], organizationIds: ['o-abcdefghij'] } });
    const [[, policyResource]] = resourcesOf(json, 'aws_backup_vault_policy');
    const statements = parsePolicy(policyResource.policy).Statement;
    // THEN the accounts are named one by one, and the organization only through aws:PrincipalOrgID
    expect(statements.find((s) => s.Sid === 'SourceAccountsCopyIn')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws-us-gov:iam::111111111111:root', 'arn:aws-us-gov:iam::222222222222:root'] },
      Action: 'backup:CopyIntoBackupVault',
    });
    expect(statements.find((s) => s.Sid === 'OrganizationCopiesIn')?.Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': ['o-abcdefghij'] },
    });
    // AND the source accounts may use the vault key
    const [[, key]] = resourcesOf(json, 'aws_kms_key');
    const keyStatements = parsePolicy(key.policy).Statement;
    const via = vaultKeyServices().map((s) => `${s}.us-gov-west-1.amazonaws.com`).sort();
    expect(keyStatements.find((s) => s.Sid === 'CopyAccountsUseKey')?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': via, 'kms:CallerAccount': ['111111111111', '222222222222'] },
    });
    // AND so may the organization's accounts (their copy roles use the destination key through AWS Backup)
    expect(keyStatements.find((s) => s.Sid === 'OrganizationCopiesUseKey')?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': via, 'aws:PrincipalOrgID': ['o-abcdefghij'] },
    });
  });

  it('grants nothing to other accounts when there are no copy sources', () => {
    const json = vault();
    const [[, policyResource]] = resourcesOf(json, 'aws_backup_vault_policy');
    expect(parsePolicy(policyResource.policy).Statement.filter((s) => s.Effect === 'Allow')).toEqual([]);
    const [[, key]] = resourcesOf(json, 'aws_kms_key');
    expect(key.policy).not.toContain('CopyAccounts');
  });

  it('renders a compliance lock with its cooling-off period and notifications for the chosen events', () => {
    const json = vault({
      lock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 },
      notifications: { topicArn: 'topic-arn', events: ['COPY_JOB_FAILED', 'BACKUP_JOB_COMPLETED'] },
    });
    expect(resourcesOf(json, 'aws_backup_vault_lock_configuration')[0][1]).toMatchObject({
      changeable_for_days: 3, min_retention_days: 7, max_retention_days: 365,
    });
    expect(resourcesOf(json, 'aws_backup_vault_notifications')[0][1]).toMatchObject({
      sns_topic_arn: 'topic-arn', backup_vault_events: ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED'],
    });
  });

  it('renders a governance lock without changeable_for_days', () => {
    const json = vault({ lock: { mode: 'governance', maxRetentionDays: 100 } });
    const lock = resourcesOf(json, 'aws_backup_vault_lock_configuration')[0][1];
    expect(lock.changeable_for_days).toBeUndefined();
    expect(lock.max_retention_days).toBe(100);
  });

  it('creates a logically air-gapped vault with its retention and no key', () => {
    const json = vault({ encryption: { kind: 'aws-owned' }, airGapped: { minRetentionDays: 7, maxRetentionDays: 30 } });
    expect(resourcesOf(json, 'aws_backup_logically_air_gapped_vault')[0][1]).toMatchObject({ min_retention_days: 7, max_retention_days: 30 });
    expect(json.resource.aws_kms_key).toBeUndefined();
    expect(json.resource.aws_backup_vault).toBeUndefined();
  });

  it('rejects invalid input in the constructor, naming the rule and the value', () => {
    expect(() => vault({ vaultName: 'x' })).toThrow(/2-50 letters.*got "x"/);
    expect(() => vault({ lock: { mode: 'compliance', changeableForDays: 1 } })).toThrow(/changeableForDays >= 3; got 1/);
    expect(() => vault({ airGapped: { minRetentionDays: 7, maxRetentionDays: 30 } })).toThrow(/air-gapped.*encryption=create/);
  });

  it('can be instantiated twice in one stack without id collisions', () => {
    const { stack, provider } = constructTestStack('us-gov-west-1');
    for (const name of ['first', 'second']) {
      new BackupVault(stack, name, { provider, location, vaultName: name, encryption: { kind: 'create', keyAliasName: name }, breakGlassRoleName: 'bg' });
    }
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_backup_vault')).toHaveLength(2);
    expect(resourcesOf(json, 'aws_kms_key')).toHaveLength(2);
  });
});
