import { clearCaches } from '@aws-lambda-powertools/parameters';
import { BackupClient, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import {
  DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, TagResourceCommand as TagTableCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateTagsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeFileSystemsCommand, EFSClient, TagResourceCommand as TagFileSystemCommand } from '@aws-sdk/client-efs';
import { AddTagsToResourceCommand, CreateDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketTaggingCommand, HeadBucketCommand, ListObjectsV2Command, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { arn, awsError, lambdaContext, PARAMETER_ROOT, restoreJobEvent } from './fixtures';
import { handler as validatorHandler } from '../../lambda-src/restore-validator';
import { validateRestoreTest } from '../../lambda-src/restore-validator/restore-testing';
import { createLogger } from '../../lambda-src/shared/logger';

const handler = (input: Parameters<typeof validatorHandler>[0]) => validatorHandler(input, lambdaContext());
const ssm = mockClient(SSMClient);

const backup = mockClient(BackupClient);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const dynamodb = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const efs = mockClient(EFSClient);

beforeEach(() => {
  for (const mock of [backup, ec2, rds, dynamodb, s3, efs, ssm]) mock.reset();
  clearCaches();
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/idempotency-table/name` }).resolves({ Parameter: { Value: 'idempotency' } });
  // Powertools idempotency records (in progress, then completed) go to the same DynamoDB client.
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(UpdateItemCommand).resolves({});
});

const DRILL = 'drill-42';
const drill = (resourceType: string, createdResourceArn: string) => ({ mode: 'drill' as const, resourceType, createdResourceArn, drillId: DRILL });
const drillTag = [{ Key: 'backup-drill', Value: DRILL }];

describe('restore-validator drill mode', () => {
  it('refuses to tag (or check) a restored resource that is the drill source', async () => {
    const source = arn.table('orders');
    await expect(handler({ ...drill('DynamoDB', source), sourceResourceArn: source })).rejects.toMatchObject({ name: 'UnsafeRestoreTarget' });
    expect(dynamodb).not.toHaveReceivedCommand(TagTableCommand);
    expect(dynamodb).not.toHaveReceivedCommand(DescribeTableCommand);
  });

  it('EBS: tags the volume and passes when it is available', async () => {
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-new', State: 'available' }] });
    await expect(handler(drill('EBS', arn.volume('vol-new')))).resolves.toMatchObject({ validationStatus: 'SUCCESSFUL' });
    expect(ec2).toHaveReceivedCommandWith(CreateTagsCommand, { Resources: ['vol-new'], Tags: drillTag });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-new', State: 'creating' }] });
    await expect(handler(drill('EBS', arn.volume('vol-new')))).resolves.toMatchObject({ validationStatus: 'FAILED', message: expect.stringContaining('creating') });
  });

  it('RDS: tags the instance and checks it is available', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
    await expect(handler(drill('RDS', arn.db('drill-orders')))).resolves.toMatchObject({ validationStatus: 'SUCCESSFUL' });
    expect(rds).toHaveReceivedCommandWith(AddTagsToResourceCommand, { ResourceName: arn.db('drill-orders'), Tags: drillTag });
    expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'drill-orders' });
  });

  it('RDS: an instance still modifying right after the restore is not ready (RestoredResourceNotReady, retried), not failed', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'drill-orders', DBInstanceStatus: 'modifying' }] });
    await expect(handler(drill('RDS', arn.db('drill-orders')))).rejects.toMatchObject({ name: 'RestoredResourceNotReady' });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'drill-orders', DBInstanceStatus: 'incompatible-parameters' }] });
    await expect(handler(drill('RDS', arn.db('drill-orders')))).resolves.toMatchObject({ validationStatus: 'FAILED' });
  });

  it('a drill validation says when the resource was found ready (the clean-up measures Aurora recovery to it)', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'drill-orders', DBInstanceStatus: 'available' }] });
    const result = await handler(drill('RDS', arn.db('drill-orders'))) as { readyAt: string };
    expect(Number.isNaN(Date.parse(result.readyAt))).toBe(false);
  });

  it('Aurora: the cluster and its writer instance must be available; a writer still creating is not ready yet', async () => {
    const cluster = { DBClusterIdentifier: 'drill-c', Status: 'available', DBClusterMembers: [{ DBInstanceIdentifier: 'drill-c', IsClusterWriter: true }] };
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster] });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'drill-c', DBInstanceStatus: 'creating' }] });
    await expect(handler(drill('Aurora', arn.cluster('drill-c')))).rejects.toMatchObject({ name: 'RestoredResourceNotReady' });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'drill-c', DBInstanceStatus: 'available' }] });
    await expect(handler(drill('Aurora', arn.cluster('drill-c')))).resolves.toMatchObject({ validationStatus: 'SUCCESSFUL' });
    expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: 'drill-c' });
    expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'drill-c' });
  });

  it('Aurora: a cluster without a writer yet is not ready; a cluster in a failed state fails', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Status: 'available', DBClusterMembers: [] }] });
    await expect(handler(drill('Aurora', arn.cluster('drill-c')))).rejects.toMatchObject({ name: 'RestoredResourceNotReady' });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Status: 'inaccessible-encryption-credentials' }] });
    await expect(handler(drill('Aurora', arn.cluster('drill-c')))).resolves.toMatchObject({ validationStatus: 'FAILED' });
  });
});

describe('restore-validator aurora-writer mode: adds the writer instance AWS Backup does not restore', () => {
  const writerRequest = (overrides: Record<string, string> = {}) => ({
    mode: 'aurora-writer' as const, createdResourceArn: arn.cluster('drill-c'), sourceResourceArn: arn.cluster('orders'), overrides, drillId: DRILL,
  });

  it('creates a drill-tagged instance of the cluster\'s engine into the restored cluster, of the class the drill chose', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'drill-c' }).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Engine: 'aurora-postgresql', Status: 'available' }] });
    rds.on(CreateDBInstanceCommand).resolves({ DBInstance: { DBInstanceIdentifier: 'drill-c', DBInstanceArn: arn.db('drill-c'), DBInstanceStatus: 'creating' } });
    await expect(handler(writerRequest({ DBInstanceClass: 'db.r6g.large' }))).resolves.toEqual({ dbInstanceArn: arn.db('drill-c'), dbInstanceIdentifier: 'drill-c', dbInstanceClass: 'db.r6g.large' });
    expect(rds).toHaveReceivedCommandWith(CreateDBInstanceCommand, {
      DBInstanceIdentifier: 'drill-c', DBClusterIdentifier: 'drill-c', Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', PubliclyAccessible: false, Tags: drillTag,
    });
    // The cluster is tagged as the drill's first, so the clean-up can delete it even when the writer cannot be created.
    expect(rds).toHaveReceivedNthCommandWith(1, AddTagsToResourceCommand, { ResourceName: arn.cluster('drill-c'), Tags: drillTag });
  });

  it('without a chosen class takes the source cluster writer\'s class', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'drill-c' }).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Engine: 'aurora-mysql', Status: 'available' }] });
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'orders' }).resolves({ DBClusters: [{ DBClusterIdentifier: 'orders', DBClusterMembers: [{ DBInstanceIdentifier: 'orders-1', IsClusterWriter: true }] }] });
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'orders-1' }).resolves({ DBInstances: [{ DBInstanceIdentifier: 'orders-1', DBInstanceClass: 'db.r7g.xlarge' }] });
    rds.on(CreateDBInstanceCommand).resolves({ DBInstance: { DBInstanceArn: arn.db('drill-c') } });
    await handler(writerRequest());
    expect(rds).toHaveReceivedCommandWith(CreateDBInstanceCommand, { DBInstanceClass: 'db.r7g.xlarge', Engine: 'aurora-mysql' });
  });

  it('a retry finds its own writer already there; an instance of that name that is not the drill\'s is refused', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Engine: 'aurora-postgresql' }] });
    rds.on(CreateDBInstanceCommand).rejects(awsError('DBInstanceAlreadyExistsFault'));
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'drill-c', DBClusterIdentifier: 'drill-c', DBInstanceArn: arn.db('drill-c'), DBInstanceClass: 'db.r6g.large', TagList: drillTag }] });
    await expect(handler(writerRequest({ DBInstanceClass: 'db.r6g.large' }))).resolves.toMatchObject({ dbInstanceIdentifier: 'drill-c' });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'drill-c', DBClusterIdentifier: 'drill-c', TagList: [] }] });
    await expect(handler(writerRequest({ DBInstanceClass: 'db.r6g.large' }))).rejects.toMatchObject({ name: 'UnsafeRestoreTarget' });
  });

  it('never adds an instance to the drill\'s source', async () => {
    await expect(handler({ ...writerRequest(), createdResourceArn: arn.cluster('orders') })).rejects.toMatchObject({ name: 'UnsafeRestoreTarget' });
    expect(rds).not.toHaveReceivedAnyCommand();
  });
});

describe('restore-validator drill mode (other types)', () => {
  it('DynamoDB: tags the table and checks it is ACTIVE', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE', ItemCount: 3 } });
    await expect(handler(drill('DynamoDB', arn.table('drill-t')))).resolves.toMatchObject({ validationStatus: 'SUCCESSFUL' });
    expect(dynamodb).toHaveReceivedCommandWith(TagTableCommand, { ResourceArn: arn.table('drill-t'), Tags: drillTag });
  });

  it('S3: merges the drill tag into existing bucket tags, then needs at least one object', async () => {
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'owner', Value: 'team' }] });
    s3.on(HeadBucketCommand).resolves({});
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 1 });
    await expect(handler(drill('S3', arn.bucket('drill-b')))).resolves.toMatchObject({ validationStatus: 'SUCCESSFUL' });
    expect(s3).toHaveReceivedCommandWith(PutBucketTaggingCommand, { Bucket: 'drill-b', Tagging: { TagSet: [{ Key: 'owner', Value: 'team' }, ...drillTag] } });
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 0 });
    await expect(handler(drill('S3', arn.bucket('drill-b')))).resolves.toMatchObject({ validationStatus: 'FAILED' });
  });

  it('S3: a bucket without tags gets only the drill tag', async () => {
    s3.on(GetBucketTaggingCommand).rejects(awsError('NoSuchTagSet'));
    s3.on(HeadBucketCommand).resolves({});
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 2 });
    await handler(drill('S3', arn.bucket('drill-b')));
    expect(s3).toHaveReceivedCommandWith(PutBucketTaggingCommand, { Tagging: { TagSet: drillTag } });
  });

  it('EFS: tags the file system and checks it is available', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ LifeCycleState: 'available' } as never] });
    await expect(handler(drill('EFS', arn.fileSystem('fs-new')))).resolves.toMatchObject({ validationStatus: 'SUCCESSFUL' });
    expect(efs).toHaveReceivedCommandWith(TagFileSystemCommand, { ResourceId: 'fs-new', Tags: drillTag });
  });

  it('fails validation when the restored resource does not exist, and rethrows other errors', async () => {
    ec2.on(CreateTagsCommand).rejects(awsError('InvalidVolume.NotFound'));
    await expect(handler(drill('EBS', arn.volume('vol-gone')))).resolves.toMatchObject({ validationStatus: 'FAILED', message: expect.stringContaining('does not exist') });
    ec2.on(CreateTagsCommand).rejects(awsError('UnauthorizedOperation'));
    await expect(handler(drill('EBS', arn.volume('vol-x')))).rejects.toThrow('UnauthorizedOperation');
  });

  it('skips unsupported resource types', async () => {
    await expect(handler(drill('FSx', arn.volume()))).resolves.toMatchObject({ validationStatus: 'SKIPPED' });
  });

  it('rejects an unknown mode', async () => {
    await expect(handler({ mode: 'other' } as never)).rejects.toMatchObject({ name: 'InvalidRequest' });
  });
});

describe('restore-validator restore testing (EventBridge)', () => {
  const testing = { restoreTestingPlanArn: arn.restoreTestingPlan('weekly'), resourceType: 'DynamoDB', createdResourceArn: arn.table('restored') };

  it('validates without tagging and reports the result to AWS Backup', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    const result = await handler(restoreJobEvent('restore-1', 'COMPLETED', testing));
    expect(result).toMatchObject({ validationStatus: 'SUCCESSFUL', reported: true, restoreJobId: 'restore-1' });
    expect(dynamodb).not.toHaveReceivedCommand(TagTableCommand);
    expect(backup).toHaveReceivedCommandWith(PutRestoreValidationResultCommand, { RestoreJobId: 'restore-1', ValidationStatus: 'SUCCESSFUL' });
  });

  it('reports FAILED when the check fails, accepting `state` instead of `status`', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'CREATING' } });
    await handler(restoreJobEvent('restore-2', '', { ...testing, status: undefined, state: 'COMPLETED' }));
    expect(backup).toHaveReceivedCommandWith(PutRestoreValidationResultCommand, { RestoreJobId: 'restore-2', ValidationStatus: 'FAILED' });
  });

  it('an RDS instance still modifying after its restore is checked again while the run has time, then reported', async () => {
    const rdsTest = { restoreTestingPlanArn: arn.restoreTestingPlan('weekly'), resourceType: 'RDS', createdResourceArn: arn.db('awsbackup-restore-test-1') };
    rds.on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: 'awsbackup-restore-test-1', DBInstanceStatus: 'modifying' }] })
      .resolves({ DBInstances: [{ DBInstanceIdentifier: 'awsbackup-restore-test-1', DBInstanceStatus: 'available' }] });
    const waits: number[] = [];
    const result = await validateRestoreTest(restoreJobEvent('restore-rds', 'COMPLETED', rdsTest), createLogger('test'), { getRemainingTimeInMillis: () => 240_000 }, async (ms) => {
      waits.push(ms);
    });
    expect(result).toMatchObject({ validationStatus: 'SUCCESSFUL', reported: true });
    expect(waits).toHaveLength(1);
    expect(backup).toHaveReceivedCommandWith(PutRestoreValidationResultCommand, { RestoreJobId: 'restore-rds', ValidationStatus: 'SUCCESSFUL' });
  });

  it('an RDS instance not ready by the end of the run is not reported FAILED: the error is thrown for the invocation retries', async () => {
    const rdsTest = { restoreTestingPlanArn: arn.restoreTestingPlan('weekly'), resourceType: 'RDS', createdResourceArn: arn.db('awsbackup-restore-test-2') };
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'awsbackup-restore-test-2', DBInstanceStatus: 'backing-up' }] });
    await expect(validateRestoreTest(restoreJobEvent('restore-rds-2', 'COMPLETED', rdsTest), createLogger('test'), { getRemainingTimeInMillis: () => 10_000 }, async () => undefined))
      .rejects.toMatchObject({ name: 'RestoredResourceNotReady' });
    expect(backup).not.toHaveReceivedCommand(PutRestoreValidationResultCommand);
  });

  it('ignores restores not started by a restore testing plan, or not completed', async () => {
    await expect(handler(restoreJobEvent('restore-3', 'COMPLETED', { ...testing, restoreTestingPlanArn: undefined }))).resolves.toMatchObject({ validationStatus: 'SKIPPED', reported: false });
    await expect(handler(restoreJobEvent('restore-4', 'FAILED', testing))).resolves.toMatchObject({ reported: false });
    expect(backup).not.toHaveReceivedAnyCommand();
  });

  it('is idempotent on the event ID: the idempotency record is written before the report', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    const event = restoreJobEvent('restore-6', 'COMPLETED', testing);
    await handler(event);
    const claim = dynamodb.commandCalls(PutItemCommand)[0].args[0].input;
    expect(claim.TableName).toBe('idempotency');
    expect(claim.ConditionExpression).toContain('attribute_not_exists');
    expect(dynamodb).not.toHaveReceivedCommand(GetItemCommand);
  });

  it('does not claim a result for a type it cannot check', async () => {
    await expect(handler(restoreJobEvent('restore-5', 'COMPLETED', { ...testing, resourceType: 'FSx' }))).resolves.toMatchObject({ validationStatus: 'SKIPPED', reported: false });
    expect(backup).not.toHaveReceivedAnyCommand();
  });
});

describe('restore-validator types', () => {
  it('checks exactly the types the restore-testing event rule forwards (config/function-contract/validated-resource-types.ts)', async () => {
    const { CHECKS } = await import('../../lambda-src/restore-validator/checks');
    const { VALIDATED_RESOURCE_TYPES } = await import('../../config/function-contract/validated-resource-types');
    expect(Object.keys(CHECKS).sort()).toEqual([...VALIDATED_RESOURCE_TYPES].sort());
  });
});
