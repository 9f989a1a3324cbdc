import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { arn, awsError, backupJobEvent, copyJobEvent, PARAMETER_ROOT, restoreJobEvent } from './fixtures';
import { handler } from '../../lambda-src/audit-recorder';

const ssm = mockClient(SSMClient);
const documents = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ssm.reset();
  documents.reset();
  clearCaches();
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/audit-table/name` }).resolves({ Parameter: { Value: 'audit' } });
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/audit-retention-days` }).resolves({ Parameter: { Value: '30' } });
  documents.on(UpdateCommand).resolves({});
});

const lastUpdate = () => documents.commandCalls(UpdateCommand).at(-1)!.args[0].input;

describe('audit-recorder', () => {
  it('writes a job record with day, TTL from the retention parameter and a guarded condition', async () => {
    const event = backupJobEvent('job-1', 'running', { statusMessage: 'started' }, { time: '2024-05-01T23:59:30Z' });
    await expect(handler(event)).resolves.toEqual({ jobId: 'job-1', state: 'RUNNING', result: 'WRITTEN' });
    const update = lastUpdate();
    expect(update.TableName).toBe('audit');
    expect(update.Key).toEqual({ pk: 'JOB#job-1' });
    const values = update.ExpressionAttributeValues!;
    expect(values).toMatchObject({
      ':recordType': 'JOB',
      ':jobType': 'BACKUP',
      ':state': 'RUNNING',
      ':day': '2024-05-01',
      ':eventTime': '2024-05-01T23:59:30Z',
      ':resourceArn': arn.volume(),
      ':backupPlanId': 'plan-id-daily',
      ':accountId': '123456789012',
      ':region': 'eu-west-1',
      ':incomingIsTerminal': false,
    });
    expect(values[':expiresAt']).toBe(Date.parse('2024-05-01T23:59:30Z') / 1000 + 30 * 86400);
    expect(update.ConditionExpression).toBe(
      'attribute_not_exists(pk) OR (NOT (#state IN (:terminal0, :terminal1, :terminal2, :terminal3, :terminal4)) AND (:incomingIsTerminal = :true OR #eventTime <= :eventTime))',
    );
    expect([0, 1, 2, 3, 4].map((i) => values[`:terminal${i}`])).toEqual(['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL']);
  });

  it('marks terminal events so that they win over a newer running record', async () => {
    await handler(backupJobEvent('job-2', 'COMPLETED', {}, { resources: [arn.snapshot('snap-2')] }));
    expect(lastUpdate().ExpressionAttributeValues).toMatchObject({ ':incomingIsTerminal': true, ':recoveryPointArn': arn.snapshot('snap-2') });
  });

  it('does not set attributes an event lacks, so later sparse events keep earlier details', async () => {
    await handler(backupJobEvent('job-3', 'RUNNING', { resourceType: undefined, statusMessage: undefined }));
    const update = lastUpdate();
    expect(update.UpdateExpression).not.toContain('#statusMessage');
    expect(update.UpdateExpression).not.toContain('#resourceType');
  });

  it('returns normally on a stale or duplicate event (ConditionalCheckFailed)', async () => {
    documents.on(UpdateCommand).rejects(awsError('ConditionalCheckFailedException'));
    await expect(handler(backupJobEvent('job-4', 'RUNNING'))).resolves.toMatchObject({ result: 'STALE_OR_DUPLICATE' });
  });

  it('throws other DynamoDB errors for EventBridge to retry', async () => {
    documents.on(UpdateCommand).rejects(awsError('ProvisionedThroughputExceededException'));
    await expect(handler(backupJobEvent('job-5', 'RUNNING'))).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it('records restores by their source resource and copies by their destination recovery point', async () => {
    await handler(restoreJobEvent('restore-1', 'PENDING', { createdResourceArn: arn.volume('vol-new') }));
    expect(lastUpdate().ExpressionAttributeValues).toMatchObject({ ':jobType': 'RESTORE', ':state': 'PENDING', ':resourceArn': arn.volume(), ':createdResourceArn': arn.volume('vol-new') });
    await handler(restoreJobEvent('restore-2', '', { status: undefined, state: 'RUNNING' }));
    expect(lastUpdate().ExpressionAttributeValues).toMatchObject({ ':state': 'RUNNING' });
    const destination = arn.recoveryPoint('rp-1', 'eu-central-1');
    await handler(copyJobEvent('copy-1', 'COMPLETED', { destinationRecoveryPointArn: destination }));
    expect(lastUpdate().ExpressionAttributeValues).toMatchObject({ ':jobType': 'COPY', ':recoveryPointArn': destination, ':backupVaultArn': arn.vault('primary') });
  });

  it('fails loudly when the retention parameter is missing or not a number', async () => {
    ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/audit-retention-days` }).resolves({ Parameter: { Value: 'forever' } });
    await expect(handler(backupJobEvent('job-6', 'RUNNING'))).rejects.toThrow(/audit-retention-days must be a positive number/);
  });

  it('rejects an event that is not an AWS Backup job event', async () => {
    const event = { ...backupJobEvent('job-7', 'RUNNING'), 'detail-type': 'Backup Vault State Change' };
    await expect(handler(event)).rejects.toThrow(/Not an AWS Backup job event/);
  });
});
