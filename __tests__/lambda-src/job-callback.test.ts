import { clearCaches } from '@aws-lambda-powertools/parameters';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { arn, awsError, backupJobEvent, copyJobEvent, lambdaContext, PARAMETER_ROOT, restoreJobEvent } from './fixtures';
import { handler } from '../../lambda-src/job-callback';

const ssm = mockClient(SSMClient);
const documents = mockClient(DynamoDBDocumentClient);
const dynamodb = mockClient(DynamoDBClient);
const sfn = mockClient(SFNClient);

const TOKEN = 'task-token-1';

function tokenItemReturns(attributes: Record<string, unknown>) {
  documents.on(UpdateCommand).callsFake((input: { Key: { jobId: string }; ExpressionAttributeValues: Record<string, unknown> }) => ({
    Attributes: { jobId: input.Key.jobId, outcome: input.ExpressionAttributeValues[':outcome'], ...attributes },
  }));
}

beforeEach(() => {
  ssm.reset();
  documents.reset();
  dynamodb.reset();
  sfn.reset();
  clearCaches();
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/task-token-table/name` }).resolves({ Parameter: { Value: 'tokens' } });
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/idempotency-table/name` }).resolves({ Parameter: { Value: 'idempotency' } });
  // Powertools idempotency: the in-progress record and the completed record.
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(UpdateItemCommand).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
});

describe('job-callback', () => {
  it('releases the token with success and the normalized job for a COMPLETED backup', async () => {
    tokenItemReturns({ taskToken: TOKEN, executionArn: 'execution' });
    const recoveryPoint = arn.snapshot('snap-9');
    const result = await handler(
      backupJobEvent('job-1', 'COMPLETED', { completionDate: '2024-05-01T10:05:00Z' }, { resources: [recoveryPoint] }),
      lambdaContext(),
    );
    expect(result).toEqual({ jobId: 'job-1', state: 'COMPLETED', release: 'SUCCESS_SENT' });
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: 'tokens',
      Key: { jobId: 'job-1' },
      ReturnValues: 'ALL_NEW',
    });
    const output = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output as string);
    expect(output).toEqual({
      jobId: 'job-1',
      jobType: 'BACKUP',
      state: 'COMPLETED',
      completedWithIssues: false,
      recoveryPointArn: recoveryPoint,
      completionDate: '2024-05-01T10:05:00Z',
    });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input.taskToken).toBe(TOKEN);
    // The idempotency record was written to the table named in SSM.
    expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, { TableName: 'idempotency' });
  });

  it('treats COMPLETED with a status message as success with completedWithIssues', async () => {
    tokenItemReturns({ taskToken: TOKEN });
    await handler(backupJobEvent('job-2', 'COMPLETED', { statusMessage: 'Some files were skipped' }), lambdaContext());
    const output = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output as string);
    expect(output).toMatchObject({ completedWithIssues: true, statusMessage: 'Some files were skipped' });
  });

  it('a copy job COMPLETED with a status message is not "completed with issues" (AWS defines it for backup jobs only)', async () => {
    tokenItemReturns({ taskToken: TOKEN });
    await handler(copyJobEvent('job-c', 'COMPLETED', { statusMessage: 'Copy completed' }), lambdaContext());
    const output = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output as string);
    expect(output).toMatchObject({ jobType: 'COPY', state: 'COMPLETED', completedWithIssues: false, statusMessage: 'Copy completed' });
  });

  it.each([
    ['FAILED', 'BackupJobFailed', backupJobEvent],
    ['ABORTED', 'BackupJobFailed', backupJobEvent],
    ['EXPIRED', 'BackupJobFailed', backupJobEvent],
    ['PARTIAL', 'BackupJobFailed', backupJobEvent],
    ['FAILED', 'CopyJobFailed', copyJobEvent],
    ['FAILED', 'RestoreJobFailed', restoreJobEvent],
  ])('sends failure for %s with error %s and the job as cause', async (state, error, build) => {
    tokenItemReturns({ taskToken: TOKEN });
    const result = await handler(build('job-f', state, { statusMessage: 'Access denied' }), lambdaContext());
    expect(result.release).toBe('FAILURE_SENT');
    const input = sfn.commandCalls(SendTaskFailureCommand)[0].args[0].input;
    expect(input.error).toBe(error);
    expect(JSON.parse(input.cause as string)).toMatchObject({ jobId: 'job-f', state, completedWithIssues: false, statusMessage: 'Access denied' });
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
  });

  it('reports the destination recovery point of a completed copy', async () => {
    tokenItemReturns({ taskToken: TOKEN });
    const destination = arn.recoveryPoint('rp-copy', 'eu-central-1');
    await handler(copyJobEvent('copy-1', 'COMPLETED', { destinationRecoveryPointArn: destination }), lambdaContext());
    const output = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output as string);
    expect(output).toMatchObject({ jobType: 'COPY', destinationRecoveryPointArn: destination, recoveryPointArn: destination });
  });

  it('reads a restore event that says `status`, and one that says `state`, and reports the created resource', async () => {
    tokenItemReturns({ taskToken: TOKEN });
    const created = arn.volume('vol-restored');
    await handler(restoreJobEvent('restore-1', 'COMPLETED', { createdResourceArn: created }), lambdaContext());
    await handler(restoreJobEvent('restore-2', '', { state: 'COMPLETED', status: undefined, createdResourceArn: created }), lambdaContext());
    const outputs = sfn.commandCalls(SendTaskSuccessCommand).map((call) => JSON.parse(call.args[0].input.output as string));
    expect(outputs).toEqual([
      expect.objectContaining({ jobId: 'restore-1', jobType: 'RESTORE', state: 'COMPLETED', createdResourceArn: created }),
      expect.objectContaining({ jobId: 'restore-2', jobType: 'RESTORE', state: 'COMPLETED', createdResourceArn: created }),
    ]);
  });

  it('keeps the outcome (with a TTL) and sends nothing when the event beats the token', async () => {
    tokenItemReturns({});
    const result = await handler(backupJobEvent('job-early', 'COMPLETED'), lambdaContext());
    expect(result.release).toBe('NO_TOKEN');
    expect(sfn).not.toHaveReceivedAnyCommand();
    const update = documents.commandCalls(UpdateCommand)[0].args[0].input;
    expect(update.UpdateExpression).toContain('expiresAt = if_not_exists(expiresAt, :expiresAt)');
    expect(update.ExpressionAttributeValues?.[':expiresAt']).toBeGreaterThan(Date.now() / 1000);
    expect(update.ConditionExpression).toBeUndefined();
  });

  it.each(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'])('logs and returns normally when SFN answers %s', async (errorName) => {
    tokenItemReturns({ taskToken: TOKEN });
    sfn.on(SendTaskSuccessCommand).rejects(awsError(errorName));
    await expect(handler(backupJobEvent(`job-${errorName}`, 'COMPLETED'), lambdaContext())).resolves.toMatchObject({ release: 'TOKEN_GONE' });
  });

  it('throws other SFN errors so that the event is retried', async () => {
    tokenItemReturns({ taskToken: TOKEN });
    sfn.on(SendTaskSuccessCommand).rejects(awsError('ThrottlingException'));
    await expect(handler(backupJobEvent('job-throttled', 'COMPLETED'), lambdaContext())).rejects.toThrow('ThrottlingException');
  });

  it('ignores a state that is not terminal without touching the token table', async () => {
    const result = await handler(backupJobEvent('job-running', 'RUNNING'), lambdaContext());
    expect(result.release).toBe('IGNORED');
    expect(documents).not.toHaveReceivedAnyCommand();
  });
});
