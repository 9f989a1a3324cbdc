import { clearCaches } from '@aws-lambda-powertools/parameters';
import { BackupClient, TagResourceCommand } from '@aws-sdk/client-backup';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT, arn, backupJobEvent, COPY_REGION, copyJobEvent, lambdaContext, OTHER_ACCOUNT, PARAMETER_ROOT, REGION } from './fixtures';
import { handler } from '../../lambda-src/recovery-point-tagger';

const ssm = mockClient(SSMClient);
const dynamodb = mockClient(DynamoDBClient);
const backup = mockClient(BackupClient);

const CONFIGURED_TAGS = { environment: 'test', 'compliance-code': 'C-42' };

beforeEach(() => {
  ssm.reset();
  dynamodb.reset();
  backup.reset();
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
});

/** The region the Backup client that sent the n-th call was configured with. */
async function regionOfCall(index: number): Promise<string> {
  const client = backup.send.thisValues[index] as BackupClient;
  return client.config.region();
}

describe('recovery-point-tagger', () => {
  it('tags the recovery point of a completed backup (resources[0]) with the configured tags and the source plan', async () => {
    const recoveryPoint = arn.recoveryPoint('rp-1');
    const result = await handler(backupJobEvent('job-1', 'COMPLETED', { createdBy: { backupPlanId: 'plan-id-monthly' } }, { resources: [recoveryPoint] }), lambdaContext());
    expect(result).toEqual({ tagged: true, recoveryPointArn: recoveryPoint, tags: { ...CONFIGURED_TAGS, 'source-plan': 'monthly' } });
    expect(backup).toHaveReceivedCommandWith(TagResourceCommand, { ResourceArn: recoveryPoint, Tags: { ...CONFIGURED_TAGS, 'source-plan': 'monthly' } });
    await expect(regionOfCall(0)).resolves.toBe(REGION);
  });

  it('omits source-plan when the job was not created by a known plan', async () => {
    await handler(backupJobEvent('job-2', 'COMPLETED', { createdBy: { backupPlanId: 'someone-elses-plan' } }, { resources: [arn.recoveryPoint('rp-2')] }), lambdaContext());
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
    await handler(copyJobEvent('copy-2', 'COMPLETED', { destinationRecoveryPointArn: snapshot }), lambdaContext());
    expect(backup).toHaveReceivedCommandWith(TagResourceCommand, { ResourceArn: snapshot });
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
