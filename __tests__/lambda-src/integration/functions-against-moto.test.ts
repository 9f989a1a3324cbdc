/*
 * The real handlers against moto_server: DynamoDB tables shaped exactly as lambda-src/README.md describes them, SSM
 * parameters under PARAMETER_ROOT, Powertools idempotency on a real table. Two things are replaced by
 * aws-sdk-client-mock because moto cannot show them: Step Functions (moto's SendTaskSuccess accepts any token, so it
 * can neither prove what was sent nor answer TaskTimedOut) and AWS Backup TagResource (moto accepts it on a recovery
 * point ARN but keeps no tags to read back).
 */
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { BackupClient, TagResourceCommand } from '@aws-sdk/client-backup';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { arn, awsError, backupJobEvent, COPY_REGION, copyJobEvent, lambdaContext, PARAMETER_ROOT, REGION, restoreJobEvent, createdByPlan } from '../fixtures';
import { type MotoServer, startMoto, useEndpoint } from '../../support/moto';
import { handler as auditRecorder } from '../../../lambda-src/audit-recorder';
import { handler as jobCallback } from '../../../lambda-src/job-callback';
import { handler as recoveryPointTagger } from '../../../lambda-src/recovery-point-tagger';
import { TASK_TOKEN_PUT_CONDITION } from '../../../modules/orchestration/state-machines/task-token-wait';

const TABLES = { tokens: 'it-task-tokens', audit: 'it-audit', idempotency: 'it-idempotency' };
const RETENTION_DAYS = 90;

let moto: MotoServer;
let dynamodb: DynamoDBClient;
let documents: DynamoDBDocumentClient;
const sfn = mockClient(SFNClient);
const backup = mockClient(BackupClient);

async function createTables(): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLES.tokens,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
    }),
  );
  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLES.audit,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'resourceArn', AttributeType: 'S' },
        { AttributeName: 'day', AttributeType: 'S' },
        { AttributeName: 'eventTime', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by-resource',
          KeySchema: [{ AttributeName: 'resourceArn', KeyType: 'HASH' }, { AttributeName: 'eventTime', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'by-day',
          KeySchema: [{ AttributeName: 'day', KeyType: 'HASH' }, { AttributeName: 'eventTime', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLES.idempotency,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  for (const [TableName, AttributeName] of [
    [TABLES.tokens, 'expiresAt'],
    [TABLES.audit, 'expiresAt'],
    [TABLES.idempotency, 'expiration'],
  ]) {
    await dynamodb.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true, AttributeName } }));
  }
}

async function putParameters(): Promise<void> {
  const ssm = new SSMClient({});
  const parameters: Record<string, string> = {
    'orchestration/task-token-table/name': TABLES.tokens,
    'orchestration/audit-table/name': TABLES.audit,
    'orchestration/idempotency-table/name': TABLES.idempotency,
    'orchestration/audit-retention-days': String(RETENTION_DAYS),
    'tagging/recovery-point-tags': JSON.stringify({ environment: 'integration', 'compliance-code': 'ISO-27001' }),
    'plans/daily/id': 'plan-id-daily',
    'plans/monthly/id': 'plan-id-monthly',
    'environment/name': 'integration',
  };
  for (const [name, value] of Object.entries(parameters)) {
    await ssm.send(new PutParameterCommand({ Name: `${PARAMETER_ROOT}/${name}`, Value: value, Type: 'String' }));
  }
}

beforeAll(async () => {
  moto = await startMoto();
  useEndpoint(moto.endpoint, REGION);
  dynamodb = new DynamoDBClient({});
  documents = DynamoDBDocumentClient.from(dynamodb);
  await createTables();
  await putParameters();
}, 60000);

afterAll(async () => {
  await moto?.stop();
});

beforeEach(() => {
  sfn.reset();
  backup.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
  backup.on(TagResourceCommand).resolves({});
  clearCaches();
});

describe('tables as the contract describes them', () => {
  it('have TTL on expiresAt / expiration', async () => {
    for (const [TableName, AttributeName] of [[TABLES.tokens, 'expiresAt'], [TABLES.audit, 'expiresAt'], [TABLES.idempotency, 'expiration']]) {
      const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName }));
      expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName, TimeToLiveStatus: 'ENABLED' });
    }
  });
});

describe('audit-recorder on DynamoDB', () => {
  const volume = arn.volume('vol-audit');
  const otherVolume = arn.volume('vol-other');
  const record = async (jobId: string) => (await documents.send(new GetCommand({ TableName: TABLES.audit, Key: { pk: `JOB#${jobId}` } }))).Item;

  it('keeps a terminal record terminal through duplicates and late running events', async () => {
    const running = backupJobEvent('audit-a', 'RUNNING', { resourceArn: volume, statusMessage: 'in progress' }, { time: '2024-06-01T10:00:00Z' });
    await expect(auditRecorder(running)).resolves.toMatchObject({ result: 'WRITTEN' });
    // EventBridge delivers at least once: the same event again is harmless.
    await auditRecorder(running);
    const completed = backupJobEvent('audit-a', 'COMPLETED', { resourceArn: volume }, { time: '2024-06-01T10:20:00Z', resources: [arn.snapshot('snap-a')] });
    await expect(auditRecorder(completed)).resolves.toMatchObject({ result: 'WRITTEN' });
    await expect(auditRecorder(completed)).resolves.toMatchObject({ result: 'STALE_OR_DUPLICATE' });
    // A RUNNING event delayed past the completion, even one stamped later, never reopens the record.
    const lateRunning = backupJobEvent('audit-a', 'RUNNING', { resourceArn: volume }, { time: '2024-06-01T10:25:00Z' });
    await expect(auditRecorder(lateRunning)).resolves.toMatchObject({ result: 'STALE_OR_DUPLICATE' });

    const stored = await record('audit-a');
    expect(stored).toMatchObject({
      pk: 'JOB#audit-a',
      recordType: 'JOB',
      jobType: 'BACKUP',
      state: 'COMPLETED',
      eventTime: '2024-06-01T10:20:00Z',
      day: '2024-06-01',
      recoveryPointArn: arn.snapshot('snap-a'),
      statusMessage: 'in progress',
      expiresAt: Date.parse('2024-06-01T10:20:00Z') / 1000 + RETENTION_DAYS * 86400,
    });
  });

  it('ignores an older running event that arrives after a newer one', async () => {
    await auditRecorder(backupJobEvent('audit-b', 'RUNNING', { resourceArn: volume }, { time: '2024-06-01T11:05:00Z' }));
    await expect(auditRecorder(backupJobEvent('audit-b', 'CREATED', { resourceArn: volume }, { time: '2024-06-01T11:00:00Z' }))).resolves.toMatchObject({
      result: 'STALE_OR_DUPLICATE',
    });
    expect(await record('audit-b')).toMatchObject({ state: 'RUNNING', eventTime: '2024-06-01T11:05:00Z' });
    // A terminal event wins even when it is stamped earlier than the stored running one.
    await expect(auditRecorder(backupJobEvent('audit-b', 'FAILED', { resourceArn: volume }, { time: '2024-06-01T11:04:00Z' }))).resolves.toMatchObject({ result: 'WRITTEN' });
    expect(await record('audit-b')).toMatchObject({ state: 'FAILED' });
  });

  it('records restores (status or state) and copies, queryable by resource and by day', async () => {
    await auditRecorder(restoreJobEvent('audit-r', 'RUNNING', { sourceResourceArn: volume }, { time: '2024-06-02T00:30:00Z' }));
    await auditRecorder(restoreJobEvent('audit-r', '', { sourceResourceArn: volume, status: undefined, state: 'COMPLETED', createdResourceArn: arn.volume('vol-r') }, { time: '2024-06-02T00:40:00Z' }));
    await auditRecorder(copyJobEvent('audit-c', 'COMPLETED', { resourceArn: otherVolume, destinationRecoveryPointArn: arn.recoveryPoint('rp-c', COPY_REGION) }, { time: '2024-06-01T23:59:59Z' }));

    const byResource = await documents.send(
      new QueryCommand({ TableName: TABLES.audit, IndexName: 'by-resource', KeyConditionExpression: 'resourceArn = :arn', ExpressionAttributeValues: { ':arn': volume } }),
    );
    expect(byResource.Items?.map((item) => [item.jobId, item.state])).toEqual([
      ['audit-a', 'COMPLETED'],
      ['audit-b', 'FAILED'],
      ['audit-r', 'COMPLETED'],
    ]);

    const day = (value: string) =>
      documents.send(new QueryCommand({ TableName: TABLES.audit, IndexName: 'by-day', KeyConditionExpression: '#day = :day', ExpressionAttributeNames: { '#day': 'day' }, ExpressionAttributeValues: { ':day': value } }));
    expect((await day('2024-06-01')).Items?.map((item) => item.jobId)).toEqual(['audit-a', 'audit-b', 'audit-c']);
    expect((await day('2024-06-02')).Items?.map((item) => [item.jobId, item.jobType, item.createdResourceArn])).toEqual([['audit-r', 'RESTORE', arn.volume('vol-r')]]);
  });
});

describe('job-callback on DynamoDB with Powertools idempotency', () => {
  const tokenItem = async (jobId: string) => (await documents.send(new GetCommand({ TableName: TABLES.tokens, Key: { jobId } }))).Item;
  /** What the state machine's `putItem.waitForTaskToken` state does (each wait round). */
  const storeToken = (jobId: string, taskToken: string) =>
    dynamodb.send(
      new PutItemCommand({
        TableName: TABLES.tokens,
        Item: { jobId: { S: jobId }, jobType: { S: 'BACKUP' }, taskToken: { S: taskToken }, executionArn: { S: 'execution-1' }, expiresAt: { N: '1999999999' } },
        ConditionExpression: TASK_TOKEN_PUT_CONDITION,
      }),
    );

  it('keeps an outcome that arrives before the token, so the state machine\'s conditional put fails', async () => {
    const event = backupJobEvent('cb-early', 'COMPLETED', {}, { resources: [arn.snapshot('snap-early')] });
    await expect(jobCallback(event, lambdaContext())).resolves.toMatchObject({ release: 'NO_TOKEN' });
    const item = await tokenItem('cb-early');
    expect(item).toMatchObject({ jobId: 'cb-early', jobType: 'BACKUP', outcome: { state: 'COMPLETED', recoveryPointArn: arn.snapshot('snap-early'), completedWithIssues: false } });
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000);
    await expect(storeToken('cb-early', 'token-early')).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(sfn).not.toHaveReceivedAnyCommand();
  });

  it('a wait round after a timeout stores its token again; the event then releases the new token, and a later put is refused', async () => {
    await storeToken('cb-rewait', 'token-round-1');
    await storeToken('cb-rewait', 'token-round-2');
    expect(await tokenItem('cb-rewait')).toMatchObject({ taskToken: 'token-round-2' });
    await expect(jobCallback(backupJobEvent('cb-rewait', 'COMPLETED'), lambdaContext())).resolves.toMatchObject({ release: 'SUCCESS_SENT' });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'token-round-2' });
    await expect(storeToken('cb-rewait', 'token-round-3')).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(await tokenItem('cb-rewait')).toMatchObject({ taskToken: 'token-round-2', outcome: { state: 'COMPLETED' } });
  });

  it('releases a stored token and records the outcome next to it', async () => {
    await storeToken('cb-normal', 'token-normal');
    await expect(jobCallback(copyJobEvent('cb-normal', 'FAILED', { statusMessage: 'Vault access denied' }), lambdaContext())).resolves.toMatchObject({ release: 'FAILURE_SENT' });
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, { taskToken: 'token-normal', error: 'CopyJobFailed' });
    expect(await tokenItem('cb-normal')).toMatchObject({ taskToken: 'token-normal', expiresAt: 1999999999, outcome: { state: 'FAILED' } });
  });

  it('handles the same event once: the duplicate returns the stored result without a second effect', async () => {
    await storeToken('cb-dup', 'token-dup');
    const event = backupJobEvent('cb-dup', 'COMPLETED');
    const first = await jobCallback(event, lambdaContext());
    // Remove the token item: a second real run would re-create it with a new outcome and send again.
    await dynamodb.send(new DeleteItemCommand({ TableName: TABLES.tokens, Key: { jobId: { S: 'cb-dup' } } }));
    const second = await jobCallback(event, lambdaContext());
    expect(second).toEqual(first);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(await tokenItem('cb-dup')).toBeUndefined();

    const records = await dynamodb.send(new ScanCommand({ TableName: TABLES.idempotency }));
    expect(records.Items?.filter((item) => item.status?.S === 'COMPLETED').length).toBeGreaterThan(0);
  });

  it('does not throw when the execution already moved on (TaskTimedOut)', async () => {
    await storeToken('cb-late', 'token-late');
    sfn.on(SendTaskSuccessCommand).rejects(awsError('TaskTimedOut'));
    await expect(jobCallback(backupJobEvent('cb-late', 'COMPLETED'), lambdaContext())).resolves.toMatchObject({ release: 'TOKEN_GONE' });
    expect(await tokenItem('cb-late')).toMatchObject({ outcome: { state: 'COMPLETED' } });
  });

  it('lets a failed run be retried: the idempotency record of a failure is removed', async () => {
    await storeToken('cb-retry', 'token-retry');
    const event = backupJobEvent('cb-retry', 'COMPLETED');
    sfn.on(SendTaskSuccessCommand).rejectsOnce(awsError('ThrottlingException')).resolves({});
    await expect(jobCallback(event, lambdaContext())).rejects.toThrow('ThrottlingException');
    await expect(jobCallback(event, lambdaContext())).resolves.toMatchObject({ release: 'SUCCESS_SENT' });
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
  });
});

describe('recovery-point-tagger with real SSM parameters', () => {
  it('tags with the configured tags and the plan found under plans/, once per event', async () => {
    const recoveryPoint = arn.recoveryPoint('rp-tag');
    const event = backupJobEvent('tag-1', 'COMPLETED', { createdBy: createdByPlan('plan-id-monthly') }, { resources: [recoveryPoint] });
    const expectedTags = { environment: 'integration', 'compliance-code': 'ISO-27001', 'source-plan': 'monthly' };
    await expect(recoveryPointTagger(event, lambdaContext())).resolves.toEqual({ tagged: true, recoveryPointArn: recoveryPoint, tags: expectedTags, api: 'backup:TagResource' });
    await expect(recoveryPointTagger(event, lambdaContext())).resolves.toEqual({ tagged: true, recoveryPointArn: recoveryPoint, tags: expectedTags, api: 'backup:TagResource' });
    expect(backup).toHaveReceivedCommandTimes(TagResourceCommand, 1);
    expect(backup).toHaveReceivedCommandWith(TagResourceCommand, { ResourceArn: recoveryPoint, Tags: expectedTags });
  });

  it('tags a same-account copy and leaves other accounts\' copies alone', async () => {
    const destination = arn.recoveryPoint('rp-copy', COPY_REGION);
    await expect(recoveryPointTagger(copyJobEvent('tag-2', 'COMPLETED', { destinationRecoveryPointArn: destination }), lambdaContext())).resolves.toMatchObject({
      tagged: true,
      tags: expect.objectContaining({ 'source-plan': 'daily' }),
    });
    const foreign = arn.recoveryPoint('rp-foreign', COPY_REGION, '210987654321');
    await expect(recoveryPointTagger(copyJobEvent('tag-3', 'COMPLETED', { destinationRecoveryPointArn: foreign }), lambdaContext())).resolves.toMatchObject({ tagged: false });
    expect(backup).toHaveReceivedCommandTimes(TagResourceCommand, 1);
  });

  it('sees a parameter change once the cache is cleared', async () => {
    await new SSMClient({}).send(
      new PutParameterCommand({ Name: `${PARAMETER_ROOT}/tagging/recovery-point-tags`, Value: JSON.stringify({ environment: 'changed' }), Type: 'String', Overwrite: true }),
    );
    clearCaches();
    const result = await recoveryPointTagger(backupJobEvent('tag-4', 'COMPLETED', { createdBy: undefined }, { resources: [arn.recoveryPoint('rp-4')] }), lambdaContext());
    expect(result).toMatchObject({ tags: { environment: 'changed' } });
  });
});
