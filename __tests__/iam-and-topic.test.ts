import { BackupServiceRole } from '../modules/backup-service-role';
import { NotificationTopic } from '../modules/notification-topic';
import { constructTestStack, parsePolicy, resourcesOf, synthJson } from './support/synth';

describe('BackupServiceRole', () => {
  function role(purpose: 'backup' | 'restore', partition = 'aws-cn') {
    const { stack, provider } = constructTestStack('cn-north-1');
    const r = new BackupServiceRole(stack, 'role', {
      provider, partition, accountId: '123456789012', roleName: `env-${purpose}`, purpose,
      vaultKeys: [{ region: 'cn-north-1', keyArn: 'key-arn-1' }],
    });
    return { json: synthJson(stack), role: r };
  }

  it('is assumable only by AWS Backup acting for this account', () => {
    const { json } = role('backup');
    const [[, r]] = resourcesOf(json, 'aws_iam_role');
    expect(parsePolicy(r.assume_role_policy).Statement).toEqual([
      {
        Sid: 'BackupServiceOfThisAccount', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      },
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

  it('may use only the vault keys, only through AWS Backup, with explicit actions', () => {
    const { json, role: r } = role('backup');
    expect(r.roleArn).toBe('arn:aws-cn:iam::123456789012:role/env-backup');
    const [[, inline]] = resourcesOf(json, 'aws_iam_role_policy');
    const statements = parsePolicy(inline.policy).Statement;
    expect(statements[0]).toMatchObject({ Resource: ['key-arn-1'], Condition: { StringEquals: { 'kms:ViaService': ['backup.cn-north-1.amazonaws.com.cn'] } } });
    for (const s of statements) for (const a of [s.Action].flat()) expect(a).not.toContain('*');
  });
});

describe('NotificationTopic', () => {
  it('is encrypted with its own key and admits backup.amazonaws.com of this account only', () => {
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
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
    const [[, key]] = resourcesOf(json, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    const backupUse = parsePolicy(key.policy).Statement.find((s) => s.Sid === 'BackupPublishesEncrypted');
    expect(backupUse?.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
  });
});
