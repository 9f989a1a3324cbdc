import { BackupClient, DescribeRecoveryPointCommand, ListRecoveryPointsByResourceCommand } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { arn } from './fixtures';
import { handler } from '../../lambda-src/restore-planner';

const backup = mockClient(BackupClient);
beforeEach(() => backup.reset());

const point = (id: string, vault: string, created: string, status = 'COMPLETED') => ({
  RecoveryPointArn: arn.recoveryPoint(id),
  BackupVaultName: vault,
  CreationDate: new Date(created),
  Status: status as 'COMPLETED',
});

describe('restore-planner latest-recovery-point', () => {
  beforeEach(() => {
    backup
      .on(ListRecoveryPointsByResourceCommand, { NextToken: undefined })
      .resolves({ RecoveryPoints: [point('old', 'primary', '2024-05-01T00:00:00Z'), point('partial', 'primary', '2024-05-09T00:00:00Z', 'PARTIAL')], NextToken: 'page-2' })
      .on(ListRecoveryPointsByResourceCommand, { NextToken: 'page-2' })
      .resolves({ RecoveryPoints: [point('newest-copy', 'copy', '2024-05-08T00:00:00Z'), point('newer', 'primary', '2024-05-05T00:00:00Z')] });
  });

  it('pages through and picks the latest COMPLETED recovery point', async () => {
    await expect(handler({ action: 'latest-recovery-point', resourceArn: arn.volume() })).resolves.toEqual({
      recoveryPointArn: arn.recoveryPoint('newest-copy'),
      backupVaultName: 'copy',
      creationDate: '2024-05-08T00:00:00.000Z',
      resourceType: 'EBS',
    });
    expect(backup).toHaveReceivedCommandTimes(ListRecoveryPointsByResourceCommand, 2);
    // Only recovery points AWS Backup manages: a snapshot RDS took itself is not a restorable recovery point of a vault.
    for (const call of backup.commandCalls(ListRecoveryPointsByResourceCommand)) expect(call.args[0].input.ManagedByAWSBackupOnly).toBe(true);
  });

  it('filters by vault when one is given', async () => {
    await expect(handler({ action: 'latest-recovery-point', resourceArn: arn.volume(), vaultName: 'primary' })).resolves.toMatchObject({
      recoveryPointArn: arn.recoveryPoint('newer'),
    });
  });

  it('throws NoRecoveryPointFound when nothing is COMPLETED', async () => {
    backup.on(ListRecoveryPointsByResourceCommand).resolves({ RecoveryPoints: [point('p', 'primary', '2024-05-01T00:00:00Z', 'EXPIRED')] });
    await expect(handler({ action: 'latest-recovery-point', resourceArn: arn.table('orders') })).rejects.toMatchObject({ name: 'NoRecoveryPointFound' });
  });

  it.each([
    [arn.db('orders'), 'RDS'],
    [arn.cluster('orders'), 'Aurora'],
    [arn.table('orders'), 'DynamoDB'],
    [arn.bucket('orders'), 'S3'],
    [arn.fileSystem('fs-1'), 'EFS'],
  ])('derives the resource type of %s as %s', async (resourceArn, resourceType) => {
    await expect(handler({ action: 'latest-recovery-point', resourceArn })).resolves.toMatchObject({ resourceType });
  });

  it('describes the recovery point when the ARN does not tell the type', async () => {
    backup.on(DescribeRecoveryPointCommand).resolves({ ResourceType: 'FSx' });
    const resourceArn = 'arn:aws:fsx:eu-west-1:123456789012:file-system/fs-0abc';
    await expect(handler({ action: 'latest-recovery-point', resourceArn })).resolves.toMatchObject({ resourceType: 'FSx' });
  });
});

describe('restore-planner restore-metadata', () => {
  const base = { action: 'restore-metadata' as const, recoveryPointArn: arn.recoveryPoint('rp'), drillId: 'Drill_2024-05-01T10:00:00Z#orders', overrides: {} };

  it('EBS keeps the backup metadata (a restore always makes a new volume)', async () => {
    const restoreMetadata = { availabilityZone: 'eu-west-1a', volumeType: 'gp3', encrypted: 'true', volumeSize: '20' };
    await expect(handler({ ...base, resourceType: 'EBS', resourceArn: arn.volume(), restoreMetadata })).resolves.toEqual({ metadata: restoreMetadata });
  });

  it('RDS gets a new valid instance identifier derived from the drill ID', async () => {
    const { metadata } = (await handler({ ...base, resourceType: 'RDS', resourceArn: arn.db('orders'), restoreMetadata: { DBInstanceIdentifier: 'orders', DBInstanceClass: 'db.t3.micro' } })) as { metadata: Record<string, string> };
    expect(metadata.DBInstanceClass).toBe('db.t3.micro');
    expect(metadata.DBInstanceIdentifier).not.toBe('orders');
    expect(metadata.DBInstanceIdentifier).toMatch(/^[a-z](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$/);
    expect(metadata.DBInstanceIdentifier.length).toBeLessThanOrEqual(63);
  });

  it('refuses overrides that rename the restored resource (the clean-up deletes only drill-named resources)', async () => {
    const request = { ...base, resourceType: 'DynamoDB', resourceArn: arn.table('orders'), restoreMetadata: {}, overrides: { targetTableName: 'orders-copy' } };
    await expect(handler(request)).rejects.toMatchObject({ name: 'UnsafeRestoreMetadata', message: expect.stringContaining('targetTableName') });
  });

  it('RDS names stay unique and valid for very long drill IDs', async () => {
    const long = (suffix: string) => `${'x'.repeat(100)}${suffix}`;
    const name = async (drillId: string) =>
      ((await handler({ ...base, drillId, resourceType: 'RDS', resourceArn: arn.db('orders'), restoreMetadata: {} })) as { metadata: Record<string, string> }).metadata.DBInstanceIdentifier;
    const [a, b] = [await name(long('a')), await name(long('b'))];
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(63);
  });

  it('Aurora gets a new cluster identifier', async () => {
    const { metadata } = (await handler({ ...base, resourceType: 'Aurora', resourceArn: arn.cluster('orders'), restoreMetadata: { DBClusterIdentifier: 'orders' } })) as { metadata: Record<string, string> };
    expect(metadata.DBClusterIdentifier).toMatch(/^drill-/);
  });

  it('Aurora: the writer\'s DBInstanceClass override is not sent to the cluster restore (the drill adds the writer later)', async () => {
    const { metadata } = (await handler({
      ...base, resourceType: 'Aurora', resourceArn: arn.cluster('orders'), restoreMetadata: { DBClusterIdentifier: 'orders', Engine: 'aurora-postgresql' },
      overrides: { DBInstanceClass: 'db.r6g.large', DBSubnetGroupName: 'drills' },
    })) as { metadata: Record<string, string> };
    expect(metadata).not.toHaveProperty('DBInstanceClass');
    expect(metadata).toMatchObject({ Engine: 'aurora-postgresql', DBSubnetGroupName: 'drills' });
  });

  it.each([
    ['RDS', arn.db('orders'), { DBInstanceIdentifier: 'orders', DeletionProtection: 'true' }, { deletionprotection: 'true' }, 'DeletionProtection'],
    ['Aurora', arn.cluster('orders'), { DBClusterIdentifier: 'orders', DeletionProtection: 'true' }, {}, 'DeletionProtection'],
    ['DynamoDB', arn.table('orders'), { originalTableName: 'orders', deletionProtection: 'true' }, { DeletionProtection: true }, 'deletionProtection'],
  ])('%s: the restored copy has deletion protection off whatever the source or the overrides say, so the clean-up can delete it', async (resourceType, resourceArn, restoreMetadata, overrides, key) => {
    const { metadata } = (await handler({ ...base, resourceType, resourceArn, restoreMetadata, overrides })) as { metadata: Record<string, string> };
    expect(Object.entries(metadata).filter(([k]) => k.toLowerCase() === 'deletionprotection')).toEqual([[key, 'false']]);
  });

  it('RDS: the restored copy is never publicly accessible, whatever the source or the overrides say (scheduled drills too)', async () => {
    const { metadata } = (await handler({
      ...base, resourceType: 'RDS', resourceArn: arn.db('orders'),
      restoreMetadata: { DBInstanceIdentifier: 'orders', PubliclyAccessible: 'true' }, overrides: { publiclyaccessible: 'true' },
    })) as { metadata: Record<string, string> };
    expect(Object.entries(metadata).filter(([k]) => k.toLowerCase() === 'publiclyaccessible')).toEqual([['PubliclyAccessible', 'false']]);
  });

  it('DynamoDB gets a new target table name', async () => {
    const { metadata } = (await handler({ ...base, resourceType: 'DynamoDB', resourceArn: arn.table('orders'), restoreMetadata: { originalTableName: 'orders' } })) as { metadata: Record<string, string> };
    expect(metadata.targetTableName).toMatch(/^drill-[a-zA-Z0-9_.-]+$/);
  });

  it('S3 restores into a new, encrypted bucket', async () => {
    const { metadata } = (await handler({ ...base, resourceType: 'S3', resourceArn: arn.bucket('orders'), restoreMetadata: { ItemsToRestore: '["a"]' } })) as { metadata: Record<string, string> };
    expect(metadata).toMatchObject({ NewBucket: 'true', Encrypted: 'true', EncryptionType: 'SSE-S3' });
    expect(metadata.DestinationBucketName).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    expect(metadata.ItemsToRestore).toBeUndefined();
  });

  it('EFS restores into a new file system keeping performance mode and KMS key', async () => {
    const restoreMetadata = { 'file-system-id': 'fs-1', PerformanceMode: 'maxIO', Encrypted: 'true', KmsKeyId: 'key-id', newFileSystem: 'false' };
    const { metadata } = (await handler({ ...base, resourceType: 'EFS', resourceArn: arn.fileSystem('fs-1'), restoreMetadata })) as { metadata: Record<string, string> };
    expect(metadata).toMatchObject({ newFileSystem: 'true', PerformanceMode: 'maxIO', Encrypted: 'true', KmsKeyId: 'key-id' });
    expect(metadata.CreationToken).toMatch(/^drill-/);
  });

  it('applies overrides last, as strings', async () => {
    const { metadata } = (await handler({ ...base, resourceType: 'RDS', resourceArn: arn.db('orders'), restoreMetadata: {}, overrides: { DBSubnetGroupName: 'drill-subnets', MultiAZ: false } })) as { metadata: Record<string, string> };
    expect(metadata).toMatchObject({ DBSubnetGroupName: 'drill-subnets', MultiAZ: 'false' });
  });

  it.each([
    ['DynamoDB', arn.table('orders'), { targetTableName: 'orders' }],
    ['RDS', arn.db('orders'), { DBInstanceIdentifier: 'ORDERS' }],
    ['Aurora', arn.cluster('orders'), { DBClusterIdentifier: 'orders' }],
    ['S3', arn.bucket('orders'), { DestinationBucketName: 'orders' }],
    ['S3', arn.bucket('orders'), { NewBucket: 'false' }],
    ['EFS', arn.fileSystem('fs-1'), { newFileSystem: false }],
  ])('rejects %s overrides that would target the source (%j)', async (resourceType, resourceArn, overrides) => {
    await expect(handler({ ...base, resourceType, resourceArn, restoreMetadata: {}, overrides })).rejects.toMatchObject({ name: 'UnsafeRestoreMetadata' });
  });

  it('rejects resource types it cannot restore safely, and unknown actions', async () => {
    await expect(handler({ ...base, resourceType: 'EC2', resourceArn: arn.volume(), restoreMetadata: {} })).rejects.toMatchObject({ name: 'UnsupportedResourceType' });
    await expect(handler({ action: 'nope' } as never)).rejects.toMatchObject({ name: 'InvalidRequest' });
  });
});
