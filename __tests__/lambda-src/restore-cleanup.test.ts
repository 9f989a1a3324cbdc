import { BackupClient, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { DeleteTableCommand, DynamoDBClient, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { DeleteVolumeCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteFileSystemCommand, DeleteMountTargetCommand, DescribeFileSystemsCommand, DescribeMountTargetsCommand, EFSClient } from '@aws-sdk/client-efs';
import { DeleteDBClusterCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, ListTagsForResourceCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  DeleteBucketCommand, DeleteObjectsCommand, GetBucketTaggingCommand, ListObjectVersionsCommand, PutBucketLifecycleConfigurationCommand, S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { arn, awsError } from './fixtures';
import { handler } from '../../lambda-src/restore-cleanup';

const backup = mockClient(BackupClient);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const dynamodb = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const efs = mockClient(EFSClient);

const DRILL = 'drill-42';
const tagged = [{ Key: 'backup-drill', Value: DRILL }];

function restoreJobCreated(createdResourceArn: string) {
  backup.on(DescribeRestoreJobCommand).resolves({
    RestoreJobId: 'restore-1',
    CreatedResourceArn: createdResourceArn,
    CreationDate: new Date('2024-05-01T10:00:00Z'),
    CompletionDate: new Date('2024-05-01T10:12:30Z'),
  });
}

const request = (resourceType: string, createdResourceArn: string, sourceResourceArn: string) => ({
  restoreJobId: 'restore-1',
  resourceType,
  createdResourceArn,
  sourceResourceArn,
  drillId: DRILL,
});

beforeEach(() => {
  for (const mock of [backup, ec2, rds, dynamodb, s3, efs]) mock.reset();
});

describe('restore-cleanup refuses', () => {
  it('a resource the restore job did not create', async () => {
    restoreJobCreated(arn.volume('vol-other'));
    await expect(handler(request('EBS', arn.volume('vol-new'), arn.volume('vol-src')))).rejects.toMatchObject({
      name: 'CleanupRefused',
      message: expect.stringContaining('created ' + arn.volume('vol-other')),
    });
    expect(ec2).not.toHaveReceivedCommand(DeleteVolumeCommand);
  });

  it('the source resource itself', async () => {
    restoreJobCreated(arn.volume('vol-src'));
    await expect(handler(request('EBS', arn.volume('vol-src'), arn.volume('vol-src')))).rejects.toMatchObject({ name: 'CleanupRefused' });
    expect(ec2).not.toHaveReceivedAnyCommand();
  });

  it('a resource without the drill tag, or with another drill\'s tag', async () => {
    restoreJobCreated(arn.volume('vol-new'));
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ Tags: [{ Key: 'owner', Value: 'x' }] }] });
    await expect(handler(request('EBS', arn.volume('vol-new'), arn.volume('vol-src')))).rejects.toMatchObject({ name: 'CleanupRefused', message: expect.stringContaining('no such tag') });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ Tags: [{ Key: 'backup-drill', Value: 'drill-7' }] }] });
    await expect(handler(request('EBS', arn.volume('vol-new'), arn.volume('vol-src')))).rejects.toMatchObject({ name: 'CleanupRefused', message: expect.stringContaining('"drill-7"') });
    expect(ec2).not.toHaveReceivedCommand(DeleteVolumeCommand);
  });

  it('an unknown restore job, or an unsupported type', async () => {
    backup.on(DescribeRestoreJobCommand).rejects(awsError('ResourceNotFoundException'));
    await expect(handler(request('EBS', arn.volume('vol-new'), arn.volume('vol-src')))).rejects.toMatchObject({ name: 'CleanupRefused' });
    await expect(handler(request('FSx', arn.volume('vol-new'), arn.volume('vol-src')))).rejects.toMatchObject({ name: 'CleanupRefused' });
  });
});

describe('restore-cleanup deletes', () => {
  it('an EBS volume and returns the recovery time', async () => {
    restoreJobCreated(arn.volume('vol-new'));
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ Tags: tagged }] });
    await expect(handler(request('EBS', arn.volume('vol-new'), arn.volume('vol-src')))).resolves.toEqual({
      deleted: true,
      createdResourceArn: arn.volume('vol-new'),
      recoveryTimeSeconds: 750,
    });
    expect(ec2).toHaveReceivedCommandWith(DeleteVolumeCommand, { VolumeId: 'vol-new' });
  });

  it('an RDS instance without final snapshot and with its automated backups', async () => {
    restoreJobCreated(arn.db('drill-db'));
    rds.on(ListTagsForResourceCommand).resolves({ TagList: tagged });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
    await expect(handler(request('RDS', arn.db('drill-db'), arn.db('orders')))).resolves.toMatchObject({ deleted: true });
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: 'drill-db', SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
  });

  it('an Aurora cluster: the drill\'s writer instance first (CleanupInProgress until it is gone), then the cluster', async () => {
    restoreJobCreated(arn.cluster('drill-c'));
    rds.on(ListTagsForResourceCommand).resolves({ TagList: tagged });
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'drill-c' }).resolves({ DBInstances: [{ DBInstanceIdentifier: 'drill-c', DBInstanceStatus: 'available', TagList: tagged }] });
    // GIVEN the restored cluster with the writer the drill added
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Status: 'available', DBClusterMembers: [{ DBInstanceIdentifier: 'drill-c', IsClusterWriter: true }] }] });
    // WHEN the clean-up runs THEN it deletes the writer and asks to be called again; the cluster stays
    await expect(handler(request('Aurora', arn.cluster('drill-c'), arn.cluster('orders')))).rejects.toMatchObject({ name: 'CleanupInProgress' });
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: 'drill-c' });
    expect(rds).not.toHaveReceivedCommand(DeleteDBClusterCommand);
    // WHEN it runs again while the writer is deleting THEN it does not delete it twice
    rds.reset();
    rds.on(ListTagsForResourceCommand).resolves({ TagList: tagged });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'drill-c', DBInstanceStatus: 'deleting', TagList: tagged }] });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Status: 'available', DBClusterMembers: [{ DBInstanceIdentifier: 'drill-c', IsClusterWriter: true }] }] });
    await expect(handler(request('Aurora', arn.cluster('drill-c'), arn.cluster('orders')))).rejects.toMatchObject({ name: 'CleanupInProgress' });
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
    // WHEN the writer is gone THEN the cluster is deleted
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Status: 'available', DBClusterMembers: [] }] });
    await expect(handler(request('Aurora', arn.cluster('drill-c'), arn.cluster('orders')))).resolves.toMatchObject({ deleted: true });
    expect(rds).toHaveReceivedCommandWith(DeleteDBClusterCommand, { DBClusterIdentifier: 'drill-c', SkipFinalSnapshot: true });
  });

  it('an Aurora cluster with an instance that is not this drill\'s is refused, instance and cluster alike', async () => {
    restoreJobCreated(arn.cluster('drill-c'));
    rds.on(ListTagsForResourceCommand).resolves({ TagList: tagged });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Status: 'available', DBClusterMembers: [{ DBInstanceIdentifier: 'someone-elses' }] }] });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'someone-elses', DBInstanceStatus: 'available', TagList: [{ Key: 'team', Value: 'orders' }] }] });
    await expect(handler(request('Aurora', arn.cluster('drill-c'), arn.cluster('orders')))).rejects.toMatchObject({ name: 'CleanupRefused' });
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
    expect(rds).not.toHaveReceivedCommand(DeleteDBClusterCommand);
  });

  it('an Aurora drill measures its recovery time to when the writer was available, not to the restore job\'s end', async () => {
    restoreJobCreated(arn.cluster('drill-c'));
    rds.on(ListTagsForResourceCommand).resolves({ TagList: tagged });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'drill-c', Status: 'available', DBClusterMembers: [] }] });
    const result = await handler({ ...request('Aurora', arn.cluster('drill-c'), arn.cluster('orders')), resourceReadyAt: '2024-05-01T10:25:00Z' });
    // 10:00:00 (job created) to 10:25:00 (writer available), not 10:12:30 (job completed)
    expect(result.recoveryTimeSeconds).toBe(1500);
  });

  it('a DynamoDB table', async () => {
    restoreJobCreated(arn.table('drill-t'));
    dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: tagged });
    await expect(handler(request('DynamoDB', arn.table('drill-t'), arn.table('orders')))).resolves.toMatchObject({ deleted: true });
    expect(dynamodb).toHaveReceivedCommandWith(DeleteTableCommand, { TableName: 'drill-t' });
  });

  it('an S3 bucket: an expiration lifecycle rule first, then every version and delete marker, page by page, then the bucket', async () => {
    restoreJobCreated(arn.bucket('drill-b'));
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagged });
    s3.on(ListObjectVersionsCommand, { KeyMarker: undefined })
      .resolves({ Versions: [{ Key: 'a', VersionId: '1' }], DeleteMarkers: [{ Key: 'b', VersionId: '2' }], IsTruncated: true, NextKeyMarker: 'b', NextVersionIdMarker: '2' })
      .on(ListObjectVersionsCommand, { KeyMarker: 'b' })
      .resolves({ Versions: [{ Key: 'c', VersionId: '3' }], IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({});
    await expect(handler(request('S3', arn.bucket('drill-b'), arn.bucket('orders')))).resolves.toMatchObject({ deleted: true });
    const [lifecycle] = s3.commandCalls(PutBucketLifecycleConfigurationCommand).map((call) => call.args[0].input);
    expect(lifecycle.Bucket).toBe('drill-b');
    expect(lifecycle.LifecycleConfiguration?.Rules).toEqual(expect.arrayContaining([
      expect.objectContaining({ Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
      expect.objectContaining({ Status: 'Enabled', Expiration: { ExpiredObjectDeleteMarker: true } }),
    ]));
    const deleted = s3.commandCalls(DeleteObjectsCommand).flatMap((call) => call.args[0].input.Delete?.Objects ?? []);
    expect(deleted).toEqual([{ Key: 'a', VersionId: '1' }, { Key: 'b', VersionId: '2' }, { Key: 'c', VersionId: '3' }]);
    expect(s3).toHaveReceivedCommandWith(DeleteBucketCommand, { Bucket: 'drill-b' });
  });

  it('a big S3 bucket: the run stops before its time is up and asks to be called again (CleanupInProgress); the bucket stays', async () => {
    restoreJobCreated(arn.bucket('drill-b'));
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagged });
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'a', VersionId: '1' }], IsTruncated: true, NextKeyMarker: 'a', NextVersionIdMarker: '1' });
    s3.on(DeleteObjectsCommand).resolves({});
    // GIVEN a run with time for two pages (the remaining time drops below the safety margin after them)
    const remaining = [600_000, 300_000, 30_000];
    const context = { getRemainingTimeInMillis: () => remaining.shift() ?? 0 };
    await expect(handler(request('S3', arn.bucket('drill-b'), arn.bucket('orders')), context)).rejects.toMatchObject({ name: 'CleanupInProgress' });
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(2);
    expect(s3).toHaveReceivedCommand(PutBucketLifecycleConfigurationCommand);
    expect(s3).not.toHaveReceivedCommand(DeleteBucketCommand);
  });

  it('an EFS file system: mount targets first (CleanupInProgress), then the file system', async () => {
    restoreJobCreated(arn.fileSystem('fs-new'));
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ LifeCycleState: 'available', Tags: tagged } as never] });
    efs.on(DescribeMountTargetsCommand).resolvesOnce({ MountTargets: [{ MountTargetId: 'fsmt-1', LifeCycleState: 'available' } as never] }).resolves({ MountTargets: [] });
    await expect(handler(request('EFS', arn.fileSystem('fs-new'), arn.fileSystem('fs-src')))).rejects.toMatchObject({ name: 'CleanupInProgress' });
    expect(efs).toHaveReceivedCommandWith(DeleteMountTargetCommand, { MountTargetId: 'fsmt-1' });
    expect(efs).not.toHaveReceivedCommand(DeleteFileSystemCommand);
    await expect(handler(request('EFS', arn.fileSystem('fs-new'), arn.fileSystem('fs-src')))).resolves.toMatchObject({ deleted: true });
    expect(efs).toHaveReceivedCommandWith(DeleteFileSystemCommand, { FileSystemId: 'fs-new' });
  });
});

describe('restore-cleanup is idempotent', () => {
  it.each([
    ['EBS', arn.volume('vol-new'), () => ec2.on(DescribeVolumesCommand).rejects(awsError('InvalidVolume.NotFound'))],
    ['RDS', arn.db('drill-db'), () => rds.on(ListTagsForResourceCommand).rejects(awsError('DBInstanceNotFoundFault'))],
    ['DynamoDB', arn.table('drill-t'), () => dynamodb.on(ListTagsOfResourceCommand).rejects(awsError('ResourceNotFoundException'))],
    ['S3', arn.bucket('drill-b'), () => s3.on(GetBucketTaggingCommand).rejects(awsError('NoSuchBucket'))],
    ['EFS', arn.fileSystem('fs-new'), () => efs.on(DescribeFileSystemsCommand).rejects(awsError('FileSystemNotFound'))],
  ])('%s already deleted → deleted false, alreadyGone', async (resourceType, createdResourceArn, gone) => {
    restoreJobCreated(createdResourceArn);
    gone();
    await expect(handler(request(resourceType, createdResourceArn, 'source'))).resolves.toEqual({
      deleted: false,
      alreadyGone: true,
      createdResourceArn,
      recoveryTimeSeconds: 750,
    });
  });

  it('an RDS instance already deleting counts as gone', async () => {
    restoreJobCreated(arn.db('drill-db'));
    rds.on(ListTagsForResourceCommand).resolves({ TagList: tagged });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'deleting' }] });
    await expect(handler(request('RDS', arn.db('drill-db'), arn.db('orders')))).resolves.toMatchObject({ deleted: false, alreadyGone: true });
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
  });
});
