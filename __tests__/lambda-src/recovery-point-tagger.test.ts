import { clearCaches } from '@aws-lambda-powertools/parameters';
import { BackupClient, TagResourceCommand } from '@aws-sdk/client-backup';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AddTagsToResourceCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT, arn, backupJobEvent, COPY_REGION, copyJobEvent, lambdaContext, OTHER_ACCOUNT, PARAMETER_ROOT, REGION, createdByPlan } from './fixtures';
import { handler } from '../../lambda-src/recovery-point-tagger';

const ssm = mockClient(SSMClient);
const dynamodb = mockClient(DynamoDBClient);
const backup = mockClient(BackupClient);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);

const CONFIGURED_TAGS = { environment: 'test', 'compliance-code': 'C-42' };

beforeEach(() => {
  ssm.reset();
  dynamodb.reset();
  backup.reset();
  ec2.reset();
  rds.reset();
  clearCaches();
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/idempotency-table/name` }).resolves({ Parameter: { Value: 'idempotency' } });
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/tagging/recovery-point-tags` }).resolves({ Parameter: { Value: JSON.stringify(CONFIGURED_TAGS) } });
  ssm.on(GetParametersByPathCommand, { Path: `${PARAMETER_ROOT}/plans`, Recursive: true }).resolves({
    Parameters: [
      { Name: `${PARAMETER_ROOT}/plans/daily/id`, Value: 'plan-id-daily' },
      { Name: `${PARAMETER_ROOT}/plans/daily/arn`, Value: 'ignored' },
      { Name: `${PARAMETER_ROOT}/plans/monthly/id`, Value: 'plan-id-monthly' },
    ],
  });
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(UpdateItemCommand).resolves({});
  backup.on(TagResourceCommand).resolves({});
  // AWS Backup's TagResource refuses every ARN that is not a backup ARN (API_TagResource.html): as AWS answers it.
  backup.on(TagResourceCommand).callsFake((input: { ResourceArn: string }) => {
    if (!input.ResourceArn.includes(':backup:')) throw Object.assign(new Error(`Invalid ARN ${input.ResourceArn}`), { name: 'InvalidParameterValueException' });
    return {};
  });
  ec2.on(CreateTagsCommand).resolves({});
  rds.on(AddTagsToResourceCommand).resolves({});
});

/** The region the Backup client that sent the n-th call was configured with. */
async function regionOfCall(index: number): Promise<string> {
  const client = backup.send.thisValues[index] as BackupClient;
  return client.config.region();
}

describe('recovery-point-tagger', () => {
  it('tags the recovery point of a completed backup (resources[0]) with the configured tags and the source plan', async () => {
    const recoveryPoint = arn.recoveryPoint('rp-1');
    const result = await handler(backupJobEvent('job-1', 'COMPLETED', { createdBy: createdByPlan('plan-id-monthly') }, { resources: [recoveryPoint] }), lambdaContext());
    expect(result).toEqual({ tagged: true, recoveryPointArn: recoveryPoint, tags: { ...CONFIGURED_TAGS, 'source-plan': 'monthly' }, api: 'backup:TagResource' });
    expect(backup).toHaveReceivedCommandWith(TagResourceCommand, { ResourceArn: recoveryPoint, Tags: { ...CONFIGURED_TAGS, 'source-plan': 'monthly' } });
    await expect(regionOfCall(0)).resolves.toBe(REGION);
  });

  it('omits source-plan when the job was not created by a known plan', async () => {
    await handler(backupJobEvent('job-2', 'COMPLETED', { createdBy: createdByPlan('someone-elses-plan') }, { resources: [arn.recoveryPoint('rp-2')] }), lambdaContext());
    expect(backup.commandCalls(TagResourceCommand)[0].args[0].input.Tags).toEqual(CONFIGURED_TAGS);
    await handler(backupJobEvent('job-3', 'COMPLETED', { createdBy: undefined }, { resources: [arn.recoveryPoint('rp-3')] }), lambdaContext());
    expect(backup.commandCalls(TagResourceCommand)[1].args[0].input.Tags).toEqual(CONFIGURED_TAGS);
  });

  it('tags a same-account copy in the destination region', async () => {
    const destination = arn.recoveryPoint('rp-copy', COPY_REGION);
    const result = await handler(copyJobEvent('copy-1', 'COMPLETED', { destinationRecoveryPointArn: destination }), lambdaContext());
    expect(result).toMatchObject({ tagged: true, recoveryPointArn: destination });
    await expect(regionOfCall(0)).resolves.toBe(COPY_REGION);
  });

  it('takes the owner of an account-less snapshot ARN from the destination vault', async () => {
    const snapshot = arn.snapshot('snap-copy', COPY_REGION);
    await expect(handler(copyJobEvent('copy-2', 'COMPLETED', { destinationRecoveryPointArn: snapshot }), lambdaContext())).resolves.toMatchObject({ tagged: true, api: 'ec2:CreateTags' });
    expect(ec2).toHaveReceivedCommandWith(CreateTagsCommand, { Resources: ['snap-copy'] });
    expect(backup).not.toHaveReceivedCommand(TagResourceCommand);
    const crossAccount = copyJobEvent('copy-3', 'COMPLETED', {
      destinationRecoveryPointArn: snapshot,
      destinationBackupVaultArn: arn.vault('central', COPY_REGION, OTHER_ACCOUNT),
    });
    await expect(handler(crossAccount, lambdaContext())).resolves.toMatchObject({ tagged: false });
  });

  it('leaves a copy in another account to that account', async () => {
    const destination = arn.recoveryPoint('rp-x', COPY_REGION, OTHER_ACCOUNT);
    const result = await handler(copyJobEvent('copy-4', 'COMPLETED', { destinationRecoveryPointArn: destination }, { account: ACCOUNT }), lambdaContext());
    expect(result).toEqual({ tagged: false, reason: `the copy belongs to account ${OTHER_ACCOUNT}, not this one` });
    expect(backup).not.toHaveReceivedCommand(TagResourceCommand);
  });

  describe('tags each recovery point through the API that owns its ARN shape (AWS Backup tags backup ARNs only)', () => {
    // The events come from the daily plan (fixtures' default createdBy).
    const tagList = Object.entries({ ...CONFIGURED_TAGS, 'source-plan': 'daily' }).map(([Key, Value]) => ({ Key, Value }));

    it('an EBS snapshot and an AMI: ec2:CreateTags by resource ID, in the recovery point region', async () => {
      await expect(handler(backupJobEvent('job-ebs', 'COMPLETED', {}, { resources: [arn.snapshot('snap-0abc')] }), lambdaContext()))
        .resolves.toMatchObject({ tagged: true, api: 'ec2:CreateTags' });
      const image = `arn:aws:ec2:${REGION}::image/ami-0abc`;
      await handler(backupJobEvent('job-ec2', 'COMPLETED', {}, { resources: [image] }), lambdaContext());
      expect(ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input)).toEqual([
        { Resources: ['snap-0abc'], Tags: tagList },
        { Resources: ['ami-0abc'], Tags: tagList },
      ]);
      await expect((ec2.send.thisValues[0] as EC2Client).config.region()).resolves.toBe(REGION);
      expect(backup).not.toHaveReceivedCommand(TagResourceCommand);
    });

    it('an RDS DB snapshot and an Aurora cluster snapshot: rds:AddTagsToResource by ARN', async () => {
      const dbSnapshot = `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:awsbackup:job-1234`;
      const clusterSnapshot = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster-snapshot:awsbackup:job-5678`;
      await handler(backupJobEvent('job-rds', 'COMPLETED', {}, { resources: [dbSnapshot] }), lambdaContext());
      await handler(backupJobEvent('job-aurora', 'COMPLETED', {}, { resources: [clusterSnapshot] }), lambdaContext());
      expect(rds.commandCalls(AddTagsToResourceCommand).map((c) => c.args[0].input)).toEqual([
        { ResourceName: dbSnapshot, Tags: tagList },
        { ResourceName: clusterSnapshot, Tags: tagList },
      ]);
      expect(backup).not.toHaveReceivedCommand(TagResourceCommand);
    });

    it('a DynamoDB backup without advanced features and an FSx backup: not tagged, reported, not thrown (no retries, no dead letter)', async () => {
      const dynamoBackup = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/backup/01700000000000-abcdef12`;
      await expect(handler(backupJobEvent('job-ddb', 'COMPLETED', {}, { resources: [dynamoBackup] }), lambdaContext()))
        .resolves.toEqual({ tagged: false, reason: expect.stringContaining('advanced DynamoDB backup') });
      const fsxBackup = `arn:aws:fsx:${REGION}:${ACCOUNT}:backup/backup-0abc`;
      await expect(handler(backupJobEvent('job-fsx', 'COMPLETED', {}, { resources: [fsxBackup] }), lambdaContext()))
        .resolves.toMatchObject({ tagged: false });
      expect(backup).not.toHaveReceivedCommand(TagResourceCommand);
      expect(ec2).not.toHaveReceivedAnyCommand();
      expect(rds).not.toHaveReceivedAnyCommand();
    });
  });

  it('tags nothing for jobs that are not COMPLETED or name no recovery point', async () => {
    await expect(handler(backupJobEvent('job-4', 'FAILED'), lambdaContext())).resolves.toMatchObject({ tagged: false });
    await expect(handler(backupJobEvent('job-5', 'COMPLETED'), lambdaContext())).resolves.toMatchObject({ tagged: false });
    await expect(handler(copyJobEvent('copy-5', 'COMPLETED'), lambdaContext())).resolves.toMatchObject({ tagged: false });
    expect(backup).not.toHaveReceivedCommand(TagResourceCommand);
  });

  it('fails when the configured tags are not a JSON object', async () => {
    ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/tagging/recovery-point-tags` }).resolves({ Parameter: { Value: '["a"]' } });
    await expect(handler(backupJobEvent('job-6', 'COMPLETED', {}, { resources: [arn.recoveryPoint('rp-6')] }), lambdaContext())).rejects.toThrow(/JSON object/);
  });
});
