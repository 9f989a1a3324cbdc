import { requestContextOf, vaultKeyServices } from '../../../config/aws-facts';
import { BackupServiceRole } from '../../../modules/backup/backup-service-role';
import { NotificationTopic } from '../../../modules/backup/notification-topic';
import { constructTestStack, parsePolicy, resourcesOf, synthJson } from '../../support/synth';

describe('BackupServiceRole', () => {
  function role(purpose: 'backup' | 'restore', partition = 'aws-cn') {
    const { stack, provider } = constructTestStack('cn-north-1');
    const r = new BackupServiceRole(stack, 'role', {
      provider, partition, accountId: '123456789012', roleName: `env-${purpose}`, purpose,
      vaultKeys: [{ region: 'cn-north-1', keyArn: 'key-arn-1' }],
    });
    return { json: synthJson(stack), role: r };
  }

  it('is assumable only by AWS Backup, without source-key conditions AWS does not document for it', () => {
    const { json } = role('backup');
    const [[, r]] = resourcesOf(json, 'aws_iam_role');
    // AWS documents no aws:SourceAccount / aws:SourceArn for AWS Backup assuming a role (the AWS facts ledger): a
    // condition on them could fail every job. iam:PassRole in this account is the guard.
    expect(requestContextOf('backup.amazonaws.com', 'sts:AssumeRole')?.sends).toEqual([]);
    expect(parsePolicy(r.assume_role_policy).Statement).toEqual([
      { Sid: 'BackupServiceAssumesRole', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  });

  it('attaches the backup or the restore managed policies of the right partition, never both', () => {
    const backup = resourcesOf(role('backup').json, 'aws_iam_role_policy_attachment').map(([, a]) => a.policy_arn).sort();
    const restore = resourcesOf(role('restore').json, 'aws_iam_role_policy_attachment').map(([, a]) => a.policy_arn).sort();
    expect(backup).toEqual([
      'arn:aws-cn:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup',
      'arn:aws-cn:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
    ]);
    expect(restore).toEqual([
      'arn:aws-cn:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore',
      'arn:aws-cn:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
    ]);
  });

  it('may use only the vault keys, only through the services that handle recovery points, with explicit actions', () => {
    const { json, role: r } = role('backup');
    expect(r.roleArn).toBe('arn:aws-cn:iam::123456789012:role/env-backup');
    const [[, inline]] = resourcesOf(json, 'aws_iam_role_policy');
    const statements = parsePolicy(inline.policy).Statement;
    expect(statements[0]).toMatchObject({
      Resource: ['key-arn-1'],
      Condition: { StringEquals: { 'kms:ViaService': vaultKeyServices().map((s) => `${s}.cn-north-1.amazonaws.com.cn`).sort() } },
    });
    for (const s of statements) for (const a of [s.Action].flat()) expect(a).not.toContain('*');
  });

  it('may use the keys of cross-account copy destinations only through AWS Backup: by ARN when known, else by their alias', () => {
    const { stack, provider } = constructTestStack('cn-north-1');
    new BackupServiceRole(stack, 'role', {
      provider, partition: 'aws', accountId: '123456789012', roleName: 'env-backup', purpose: 'backup', vaultKeys: [],
      copyDestinationKeys: [
        { region: 'eu-west-1', accountId: '111111111111', aliasName: 'central-backup-central' },
        { region: 'eu-west-1', accountId: '333333333333', keyArn: 'arn:aws:kms:eu-west-1:333333333333:key/abc' },
      ],
    });
    const statements = parsePolicy(resourcesOf(synthJson(stack), 'aws_iam_role_policy')[0][1].policy).Statement;
    expect(statements.find((s) => s.Sid === 'UseCopyDestinationKeys')?.Resource).toEqual(['arn:aws:kms:eu-west-1:333333333333:key/abc']);
    expect(statements.find((s) => s.Sid === 'UseCopyDestinationKeysByAlias')).toMatchObject({
      Resource: ['arn:aws:kms:eu-west-1:111111111111:key/*'],
      Condition: {
        StringEquals: { 'kms:ViaService': ['backup.eu-west-1.amazonaws.com'] },
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/central-backup-central'] },
      },
    });
  });
});

describe('NotificationTopic', () => {
  it('is encrypted with its own key and admits backup.amazonaws.com for this account\'s vaults only', () => {
    const { stack, provider } = constructTestStack();
    new NotificationTopic(stack, 'topic', { provider, location: { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' }, topicName: 'env-backup-notifications' });
    const json = synthJson(stack);
    const [[, topic]] = resourcesOf(json, 'aws_sns_topic');
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    const [[, policy]] = resourcesOf(json, 'aws_sns_topic_policy');
    const publish = parsePolicy(policy.policy).Statement.find((s) => s.Effect === 'Allow');
    expect(publish).toEqual({
      Sid: 'BackupOfThisAccountPublishes', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sns:Publish',
      Resource: 'arn:aws:sns:eu-west-1:123456789012:env-backup-notifications',
      // AWS Backup documents aws:SourceArn (the vault) and aws:SourceAccount for publishing to SNS
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:backup:eu-west-1:123456789012:backup-vault:*' } },
    });
    const [[, key]] = resourcesOf(json, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    // AND its KMS calls carry no source keys AWS documents, so the key statement has no condition that could drop events
    const backupUse = parsePolicy(key.policy).Statement.find((s) => s.Sid === 'BackupPublishesEncrypted');
    expect(backupUse?.Condition).toBeUndefined();
  });
});
