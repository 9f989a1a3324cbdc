/*
 * End to end, as deployed: the backup orchestrator definition and the DynamoDB tables and SSM parameters exactly as
 * `prod` synthesizes them (references to resources of the stack resolved to their names), executed by
 * aws-local-stepfunctions against moto_server. The task-token put, the audit record and the SNS notification are
 * real calls to moto; the job's EventBridge event goes through the REAL job-callback and audit-recorder handlers,
 * whose SendTaskSuccess / SendTaskFailure answer the waiting state. Only AWS Backup itself (not in moto) and the Step
 * Functions callback API (moto accepts any token) are played by the test.
 */
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { BackupClient, DescribeRestoreJobCommand, ListRecoveryPointsByResourceCommand } from '@aws-sdk/client-backup';
import {
  CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand, PutItemCommand, UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { backupJobEvent, copyJobEvent, lambdaContext, restoreJobEvent } from '../fixtures';
import { awsError, runLocally, TASK_TOKEN, type Handlers } from '../../../tools/lib/fault-matrix/local-state-machine';
import { type MotoServer, startMoto, useEndpoint } from '../../support/moto';
import { exampleModel, resourcesOf, synthEnvironment } from '../../support/synth';
import { handler as auditRecorder } from '../../../lambda-src/audit-recorder';
import { handler as jobCallback } from '../../../lambda-src/job-callback';
import { handler as restoreCleanup } from '../../../lambda-src/restore-cleanup';
import { handler as restorePlanner } from '../../../lambda-src/restore-planner';
import { handler as restoreValidator } from '../../../lambda-src/restore-validator';

const REGION = 'eu-west-1';
const ACCOUNT = '222222222222';
const RESOURCE = `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders`;
const RECOVERY_POINT = `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:awsbackup:job-e2e`;

const stack = synthEnvironment(exampleModel('prod'));
const sfn = mockClient(SFNClient);
// AWS Backup is not in moto: the test answers for it (recovery points, the restore job).
const backup = mockClient(BackupClient);
let moto: MotoServer;
let dynamodb: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let topicArn: string;
let queueUrl: string;

const inRegion = (type: string) => resourcesOf(stack, type).filter(([, body]) => body.provider === `aws.${REGION}`);
const byId = (type: string, id: string) => (stack.resource[type] ?? {})[id] as Record<string, any> | undefined;

/** `${aws_x.id.attr}` as it would be after apply: names from config, ARNs built from them, the topic from moto. */
function resolveReferences(text: string): string {
  return text.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g, (whole, type: string, id: string, attribute: string) => {
    const body = byId(type, id);
    if (!body) throw new Error(`unresolvable reference ${whole}`);
    if (attribute === 'name' && typeof body.name === 'string') return body.name;
    if (type === 'aws_sns_topic' && attribute === 'arn') return topicArn;
    if (type === 'aws_iam_role' && attribute === 'arn') return `arn:aws:iam::${ACCOUNT}:role/${body.name}`;
    if (type === 'aws_lambda_function' && attribute === 'arn') return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${body.function_name}`;
    if (type === 'aws_dynamodb_table' && attribute === 'arn') return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${body.name}`;
    return `${type}.${id}.${attribute}`; // known only after apply (key ARNs, plan IDs): any stable value will do here
  });
}

/** The synthesized tables (keys, indexes, TTL) created in moto. */
async function createSynthesizedTables(): Promise<void> {
  for (const [, table] of inRegion('aws_dynamodb_table')) {
    await dynamodb.send(new CreateTableCommand({
      TableName: table.name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: table.attribute.map((a: any) => ({ AttributeName: a.name, AttributeType: a.type })),
      KeySchema: [{ AttributeName: table.hash_key, KeyType: 'HASH' as const }, ...(table.range_key ? [{ AttributeName: table.range_key, KeyType: 'RANGE' as const }] : [])],
      GlobalSecondaryIndexes: table.global_secondary_index?.length
        ? table.global_secondary_index.map((i: any) => ({
            IndexName: i.name,
            KeySchema: [{ AttributeName: i.hash_key, KeyType: 'HASH' as const }, ...(i.range_key ? [{ AttributeName: i.range_key, KeyType: 'RANGE' as const }] : [])],
            Projection: { ProjectionType: i.projection_type },
          }))
        : undefined,
    }));
    if (table.ttl?.enabled) {
      await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: table.name, TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttl.attribute_name } }));
    }
  }
}

/** The synthesized SSM parameters of the region, values resolved: what the functions read at run time. */
async function putSynthesizedParameters(): Promise<void> {
  const ssm = new SSMClient({});
  for (const [, parameter] of inRegion('aws_ssm_parameter')) {
    await ssm.send(new PutParameterCommand({ Name: parameter.name, Value: resolveReferences(parameter.value), Type: parameter.type }));
  }
}

function definitionOf(machineName: string): { States: Record<string, Record<string, unknown>> } {
  const [, machine] = inRegion('aws_sfn_state_machine').find(([, m]) => m.name === machineName)!;
  return JSON.parse(resolveReferences(machine.definition));
}

beforeAll(async () => {
  moto = await startMoto();
  useEndpoint(moto.endpoint, REGION);
  // The functions get PARAMETER_ROOT from their synthesized environment.
  const [, callbackFunction] = inRegion('aws_lambda_function').find(([, f]) => f.function_name === 'prod-job-callback')!;
  process.env.PARAMETER_ROOT = callbackFunction.environment.variables.PARAMETER_ROOT;
  dynamodb = new DynamoDBClient({});
  documents = DynamoDBDocumentClient.from(dynamodb);
  const sns = new SNSClient({});
  const sqs = new SQSClient({});
  const [, topic] = inRegion('aws_sns_topic')[0];
  topicArn = (await sns.send(new CreateTopicCommand({ Name: topic.name }))).TopicArn!;
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'notifications-inbox' }))).QueueUrl!;
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn }));
  await createSynthesizedTables();
  await putSynthesizedParameters();
}, 60000);

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  sfn.reset();
  backup.reset();
  clearCaches();
  await new SQSClient({}).send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
});

const tableName = (suffix: string) => inRegion('aws_dynamodb_table').map(([, t]) => t.name as string).find((n) => n.endsWith(suffix))!;

/** The job's terminal event, delivered as EventBridge would: to the audit recorder and to the job callback. */
async function deliver(event: ReturnType<typeof backupJobEvent>): Promise<void> {
  await auditRecorder(event);
  await jobCallback(event, lambdaContext());
}

/** What the callback sent to Step Functions for this token: the waiting state's result, or its error. */
function callbackAnswer(): unknown {
  const success = sfn.commandCalls(SendTaskSuccessCommand).at(-1);
  const failure = sfn.commandCalls(SendTaskFailureCommand).at(-1);
  if (success) {
    expect(success.args[0].input.taskToken).toBe(TASK_TOKEN);
    return JSON.parse(success.args[0].input.output!);
  }
  if (failure) {
    expect(failure.args[0].input.taskToken).toBe(TASK_TOKEN);
    throw awsError(failure.args[0].input.error!, failure.args[0].input.cause);
  }
  throw new Error('the callback released nothing');
}

/** The waiting Task: the real conditional put of the task token, then the job's event arrives. */
function waitingTask(eventFor: (jobId: string) => ReturnType<typeof backupJobEvent> | undefined) {
  return async (parameters: any) => {
    try {
      await dynamodb.send(new PutItemCommand(parameters));
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw awsError('DynamoDb.ConditionalCheckFailedException', (error as Error).message);
      throw error;
    }
    sfn.resetHistory();
    const event = eventFor(parameters.Item.jobId.S);
    if (!event) throw awsError('States.Timeout', 'no event within the callback timeout');
    await deliver(event);
    return callbackAnswer();
  };
}

/** AWS Backup played by the test; DynamoDB and SNS are moto. */
function handlers(options: { backupState: string; eventBeforeToken?: boolean; jobId?: string }): Handlers {
  let copies = 0;
  const jobId = options.jobId ?? 'backup-job-e2e';
  const backupEvent = (jobId: string) => backupJobEvent(jobId, options.backupState, {
    resourceArn: RESOURCE, resourceType: 'RDS', backupVaultName: 'prod-primary', statusMessage: options.backupState === 'FAILED' ? 'Insufficient privileges' : undefined,
  }, { resources: options.backupState === 'COMPLETED' ? [RECOVERY_POINT] : [], account: ACCOUNT });
  return {
    StartBackupJob: async () => {
      if (options.eventBeforeToken) await deliver(backupEvent(jobId));
      return { BackupJobId: jobId, RecoveryPointArn: RECOVERY_POINT, CreationDate: '2026-11-24T03:00:00Z' };
    },
    WaitForBackupJob: waitingTask((jobId) => backupEvent(jobId)),
    DescribeBackupJob: async () => ({ BackupJobId: jobId, State: options.backupState, RecoveryPointArn: RECOVERY_POINT }),
    StartCopyJob: async () => ({ CopyJobId: `${jobId}-copy-${++copies}` }),
    WaitForCopyJob: waitingTask((jobId) => copyJobEvent(jobId, 'COMPLETED', {
      resourceArn: RESOURCE, resourceType: 'RDS', destinationRecoveryPointArn: `${RECOVERY_POINT}-${jobId}`,
    }, { account: ACCOUNT })),
    RecordSuccess: async (parameters: any) => dynamodb.send(new PutItemCommand(parameters)),
    RecordFailure: async (parameters: any) => dynamodb.send(new PutItemCommand(parameters)),
    NotifySuccess: async (parameters: any) => new SNSClient({}).send(new PublishCommand(parameters)),
    NotifyFailure: async (parameters: any) => new SNSClient({}).send(new PublishCommand(parameters)),
  };
}

/**
 * The one message the topic delivered. `Message` is parsed when it can be: aws-local-stepfunctions strips the
 * backslashes of an intrinsic's result, so a summary that quotes a JSON cause is no valid JSON here (AWS escapes it).
 */
async function notification(): Promise<{ Subject: string; Message: any; text: string; MessageAttributes: Record<string, { Value: string }> }> {
  const { Messages = [] } = await new SQSClient({}).send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  expect(Messages).toHaveLength(1);
  const envelope = JSON.parse(Messages[0].Body!);
  let message: unknown;
  try {
    message = JSON.parse(envelope.Message);
  } catch {
    message = undefined;
  }
  return { ...envelope, Message: message, text: envelope.Message };
}

const auditByResource = async () =>
  (await documents.send(new QueryCommand({
    TableName: tableName('-audit'), IndexName: 'by-resource', KeyConditionExpression: 'resourceArn = :r', ExpressionAttributeValues: { ':r': RESOURCE },
  }))).Items ?? [];

describe('backup orchestrator of prod, end to end on moto', () => {
  // Resolved once moto's topic exists (its ARN goes into the definition).
  let definition: ReturnType<typeof definitionOf>;
  beforeAll(() => {
    definition = definitionOf('prod-backup-orchestrator');
  });
  const request = { resourceArn: RESOURCE, rule: 'daily/daily-35d', reason: 'end-to-end test', requestedBy: { sub: 'jane@example.com' } };

  it('backs up, copies to the three configured targets, records and notifies; tokens travel through the real callback', async () => {
    const run = await runLocally(definition, request, handlers({ backupState: 'COMPLETED' }));

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({ outcome: 'SUCCEEDED', backupJobId: 'backup-job-e2e', recoveryPointArn: RECOVERY_POINT });
    expect(run.output.copies).toHaveLength(3);
    // THEN the token item the machine wrote carries the callback's outcome
    const token = (await documents.send(new GetCommand({ TableName: tableName('-task-tokens'), Key: { jobId: 'backup-job-e2e' } }))).Item!;
    expect(token).toMatchObject({ jobType: 'BACKUP', taskToken: TASK_TOKEN, outcome: expect.objectContaining({ state: 'COMPLETED', recoveryPointArn: RECOVERY_POINT }) });
    expect(Number(token.expiresAt)).toBeGreaterThan(Date.UTC(2025, 0, 1) / 1000);
    // AND the audit table holds the execution and every job, queryable by resource
    const records = await auditByResource();
    expect(records.map((r) => r.pk).sort()).toEqual([
      'EXECUTION#exec-0001', 'JOB#backup-job-e2e', 'JOB#backup-job-e2e-copy-1', 'JOB#backup-job-e2e-copy-2', 'JOB#backup-job-e2e-copy-3',
    ]);
    expect(records.find((r) => r.pk === 'EXECUTION#exec-0001')).toMatchObject({ recordType: 'EXECUTION', machine: 'backup-orchestrator', outcome: 'SUCCEEDED' });
    // AND one notification reached the topic's subscribers
    const message = await notification();
    expect(message.Subject).toBe('[backup-orchestrator] SUCCEEDED');
    expect(message.MessageAttributes.outcome.Value).toBe('SUCCEEDED');
    expect(message.Message).toMatchObject({ outcome: 'SUCCEEDED', resourceArn: RESOURCE });
  });

  it('survives the job event arriving before the token: the real conditional put fails and the job is described once', async () => {
    const run = await runLocally(definition, { ...request, resourceArn: RESOURCE }, handlers({ backupState: 'COMPLETED', eventBeforeToken: true, jobId: 'backup-job-race' }));

    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toContain('DescribeBackupJob');
    expect(run.output).toMatchObject({ outcome: 'SUCCEEDED', recoveryPointArn: RECOVERY_POINT });
    // AND the item holds the outcome the callback wrote first, never a token (the machine's put was refused)
    const item = (await documents.send(new GetCommand({ TableName: tableName('-task-tokens'), Key: { jobId: 'backup-job-race' } }))).Item!;
    expect(item.outcome).toMatchObject({ state: 'COMPLETED' });
    expect(item.taskToken).toBeUndefined();
  });

  it('records and notifies a failed backup job, released through SendTaskFailure', async () => {
    const run = await runLocally(definition, request, handlers({ backupState: 'FAILED', jobId: 'backup-job-failed' }));

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('BACKUP_FAILED');
    const execution = (await documents.send(new GetCommand({ TableName: tableName('-audit'), Key: { pk: 'EXECUTION#exec-0001' } }))).Item!;
    expect(execution).toMatchObject({ outcome: 'BACKUP_FAILED', resourceArn: RESOURCE });
    const message = await notification();
    expect(message.Subject).toBe('[backup-orchestrator] BACKUP_FAILED');
    expect(message.MessageAttributes.outcome.Value).toBe('BACKUP_FAILED');
    expect(message.text).toContain('Insufficient privileges');
  });
});


describe('DR drill of prod, end to end on moto (a DynamoDB table)', () => {
  const MOTO_ACCOUNT = '123456789012'; // moto's account: the ARNs of the tables it creates
  const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${MOTO_ACCOUNT}:table/${name}`;
  const SOURCE = tableArn('orders');
  let definition: ReturnType<typeof definitionOf>;
  beforeAll(async () => {
    definition = definitionOf('prod-dr-drill');
    await dynamodb.send(new CreateTableCommand({
      TableName: 'orders', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }));
  });

  it('restores under a new name, validates, tags and deletes only the restored table, and records the recovery time', async () => {
    // GIVEN a completed recovery point of the source table, and AWS Backup restoring it as the metadata says
    backup.on(ListRecoveryPointsByResourceCommand).resolves({
      RecoveryPoints: [
        { RecoveryPointArn: `${SOURCE}/backup/older`, BackupVaultName: 'prod-primary', Status: 'COMPLETED', CreationDate: new Date('2026-11-22T03:00:00Z') },
        { RecoveryPointArn: `${SOURCE}/backup/latest`, BackupVaultName: 'prod-primary', Status: 'COMPLETED', CreationDate: new Date('2026-11-23T03:00:00Z') },
      ],
    });
    let restoredArn = '';
    backup.on(DescribeRestoreJobCommand).callsFake(() => ({
      RestoreJobId: 'restore-job-e2e', Status: 'COMPLETED', CreatedResourceArn: restoredArn,
      CreationDate: new Date('2026-11-24T06:00:00Z'), CompletionDate: new Date('2026-11-24T06:12:30Z'),
    }));
    const invoke = (fn: (payload: any) => Promise<unknown>) => async (parameters: any) => ({ StatusCode: 200, Payload: await fn(parameters.Payload) });
    const drillHandlers: Handlers = {
      FindRecoveryPoint: invoke(restorePlanner),
      GetRestoreMetadata: async () => ({ RestoreMetadata: { targetTableName: 'orders', encryptionType: 'Default' } }),
      PlanRestore: invoke(restorePlanner),
      StartRestoreJob: async (parameters: any) => {
        const name = parameters.Metadata.targetTableName;
        await dynamodb.send(new CreateTableCommand({
          TableName: name, BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }));
        restoredArn = tableArn(name);
        return { RestoreJobId: 'restore-job-e2e' };
      },
      WaitForRestoreJob: waitingTask((jobId) => restoreJobEvent(jobId, 'COMPLETED', {
        resourceType: 'DynamoDB', sourceResourceArn: SOURCE, createdResourceArn: restoredArn, recoveryPointArn: `${SOURCE}/backup/latest`,
      }, { account: ACCOUNT })),
      ValidateRestore: invoke((payload) => restoreValidator(payload, lambdaContext())),
      PutValidationResult: async () => { throw awsError('Backup.InvalidRequestException', 'not a restore testing job'); },
      CleanUp: invoke(restoreCleanup),
      RecordSuccess: async (parameters: any) => dynamodb.send(new PutItemCommand(parameters)),
      RecordFailure: async (parameters: any) => dynamodb.send(new PutItemCommand(parameters)),
      NotifySuccess: async (parameters: any) => new SNSClient({}).send(new PublishCommand(parameters)),
      NotifyFailure: async (parameters: any) => new SNSClient({}).send(new PublishCommand(parameters)),
    };

    // WHEN the drill runs
    const run = await runLocally(definition, { drillName: 'orders-e2e', resourceArn: SOURCE, resourceType: 'DynamoDB', targetRecoveryMinutes: 60 }, drillHandlers);

    // THEN it restored from the latest recovery point into a new table, never the source
    expect(run.status).toBe('SUCCEEDED');
    const listed = backup.commandCalls(ListRecoveryPointsByResourceCommand);
    expect(listed[0].args[0].input.ResourceArn).toBe(SOURCE);
    expect(restoredArn).not.toBe(SOURCE);
    expect(run.output).toMatchObject({ outcome: 'DRILL_SUCCEEDED', recoveryTimeSeconds: 750, validationStatus: 'SUCCESSFUL', createdResourceArn: restoredArn });
    // AND the restored table is gone, the source is untouched and never tagged as the drill's
    await expect(dynamodb.send(new DescribeTableCommand({ TableName: restoredArn.split('/')[1] }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await dynamodb.send(new DescribeTableCommand({ TableName: 'orders' }))).Table?.TableStatus).toBe('ACTIVE');
    const sourceTags = (await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: SOURCE }))).Tags ?? [];
    expect(sourceTags.map((t) => t.Key)).not.toContain('backup-drill');
    // AND the drill is recorded and notified
    const message = await notification();
    expect(message.Subject).toBe('[dr-drill] DRILL_SUCCEEDED');
  });
});
