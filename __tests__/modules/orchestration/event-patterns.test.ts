import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  allJobChangesPattern, completedRecoveryPointPattern, failedPlanJobPattern, restoreTestingCompletedPattern, terminalJobPattern,
} from '../../../modules/orchestration/backup-event-patterns';
import type { BackupJobStateChange, CopyJobStateChange, RestoreJobStateChange } from '../../../tools/lib/fault-matrix/aws-events';
import { startMoto, type MotoServer } from '../../support/moto';

/*
 * The EventBridge patterns, routed by a real event bus (moto: rule -> SQS target; its TestEventPattern is a stub)
 * for events shaped
 * as the AWS Backup guide documents them: backup and copy jobs report `state`, restore jobs `status` (and
 * sometimes `state` on their first event).
 */

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const PLAN_ID = 'plan-of-this-environment';

const event = (detailType: string, detail: Record<string, unknown>) => JSON.stringify({
  id: 'c1b2a3d4-0000-4000-8000-000000000001',
  'detail-type': detailType,
  source: 'aws.backup',
  account: ACCOUNT,
  time: '2026-11-24T03:00:00Z',
  region: REGION,
  resources: [],
  detail,
});
// Job events carry only fields of AWS's published examples (tools/lib/fault-matrix/aws-events.ts): others fail tsc.
type DetailOf<E extends { detail: unknown }> = Partial<{ -readonly [K in keyof E['detail']]: E['detail'][K] }>;
const CREATED_BY_PLAN = {
  backupPlanId: PLAN_ID, backupPlanArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-plan:${PLAN_ID}`, backupPlanVersion: 'v1', backupPlanRuleId: 'rule-1',
};
const onDemandBackup = (jobId: string, state: string) => event('Backup Job State Change', { backupJobId: jobId, state } satisfies DetailOf<BackupJobStateChange>);
const backupJob = (state: string, extra: DetailOf<BackupJobStateChange> = {}) =>
  event('Backup Job State Change', { backupJobId: 'job-1', state, createdBy: CREATED_BY_PLAN, ...extra } satisfies DetailOf<BackupJobStateChange>);
const copyJob = (state: string, extra: DetailOf<CopyJobStateChange> = {}) =>
  event('Copy Job State Change', { copyJobId: 'copy-1', state, createdBy: CREATED_BY_PLAN, ...extra } satisfies DetailOf<CopyJobStateChange>);
const restoreJob = (detail: DetailOf<RestoreJobStateChange>) => event('Restore Job State Change', { restoreJobId: 'restore-1', ...detail } satisfies DetailOf<RestoreJobStateChange>);

describe('AWS Backup event patterns (routed by moto EventBridge)', () => {
  let moto: MotoServer;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  const routes = new Map<string, string>();
  beforeAll(async () => {
    moto = await startMoto();
    const config = { endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    events = new EventBridgeClient(config);
    sqs = new SQSClient(config);
  });
  afterAll(async () => {
    events?.destroy();
    sqs?.destroy();
    await moto?.stop();
  });

  /** A rule with `pattern` delivering to its own queue; the queue URL. */
  const routeFor = async (pattern: Record<string, unknown>) => {
    const key = JSON.stringify(pattern);
    const existing = routes.get(key);
    if (existing) return existing;
    const name = `pattern-${routes.size}`;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await events.send(new PutRuleCommand({ Name: name, EventPattern: key }));
    await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn! }] }));
    routes.set(key, QueueUrl!);
    return QueueUrl!;
  };
  const matches = async (pattern: Record<string, unknown>, e: string) => {
    const queueUrl = await routeFor(pattern);
    await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
    const parsed = JSON.parse(e);
    const put = await events.send(new PutEventsCommand({
      Entries: [{ Source: parsed.source, DetailType: parsed['detail-type'], Detail: JSON.stringify(parsed.detail), Resources: parsed.resources }],
    }));
    expect(put.FailedEntryCount).toBe(0);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    return (received.Messages ?? []).length > 0;
  };

  it.each([
    ['backup COMPLETED', backupJob('COMPLETED'), true],
    ['backup FAILED', backupJob('FAILED'), true],
    ['backup EXPIRED', backupJob('EXPIRED'), true],
    ['backup RUNNING', backupJob('RUNNING'), false],
    ['copy COMPLETED', copyJob('COMPLETED'), true],
    ['copy RUNNING', copyJob('RUNNING'), false],
    ['restore COMPLETED (status)', restoreJob({ status: 'COMPLETED' }), true],
    ['restore FAILED (state, first-event spelling)', restoreJob({ state: 'FAILED' }), true],
    ['restore RUNNING (status)', restoreJob({ status: 'RUNNING' }), false],
  ])('terminal job pattern: %s', async (_name, e, expected) => {
    expect(await matches(terminalJobPattern(), e)).toBe(expected);
  });

  it.each([
    ['backup RUNNING', backupJob('RUNNING'), true],
    ['restore PENDING', restoreJob({ status: 'PENDING' }), true],
    ['a vault event', event('Backup Vault State Change', { state: 'CREATED' }), false],
  ])('audit pattern: %s', async (_name, e, expected) => {
    expect(await matches(allJobChangesPattern(), e)).toBe(expected);
  });

  it.each([
    ['backup COMPLETED of our plan', backupJob('COMPLETED'), true],
    ['copy COMPLETED of our plan', copyJob('COMPLETED'), true],
    ['backup COMPLETED of another plan', backupJob('COMPLETED', { createdBy: { ...CREATED_BY_PLAN, backupPlanId: 'someone-elses-plan' } }), false],
    ['on-demand backup COMPLETED (tagged at start instead)', onDemandBackup('job-3', 'COMPLETED'), false],
    ['backup FAILED', backupJob('FAILED'), false],
    ['restore COMPLETED', restoreJob({ status: 'COMPLETED' }), false],
  ])('recovery point tagging pattern: %s', async (_name, e, expected) => {
    expect(await matches(completedRecoveryPointPattern([PLAN_ID]), e)).toBe(expected);
  });

  it.each([
    ['backup FAILED of our plan', backupJob('FAILED'), true],
    ['backup ABORTED of our plan (someone stopped it: not re-run)', backupJob('ABORTED'), false],
    ['backup EXPIRED of our plan', backupJob('EXPIRED'), true],
    ['backup COMPLETED with issues', backupJob('COMPLETED', { statusMessage: 'Windows VSS backup attempt failed' }), true],
    ['backup COMPLETED cleanly (empty message)', backupJob('COMPLETED', { statusMessage: '' }), false],
    ['backup COMPLETED cleanly (no message)', backupJob('COMPLETED'), false],
    ['copy FAILED of our plan', copyJob('FAILED'), true],
    ['copy COMPLETED with a status message ("completed with issues" is for backup jobs only)', copyJob('COMPLETED', { statusMessage: 'Some items were not copied' }), false],
    ['backup FAILED of another plan', backupJob('FAILED', { createdBy: { ...CREATED_BY_PLAN, backupPlanId: 'someone-elses-plan' } }), false],
    ['on-demand backup FAILED (no plan)', onDemandBackup('job-2', 'FAILED'), false],
    ['backup RUNNING of our plan', backupJob('RUNNING'), false],
  ])('failed plan job pattern: %s', async (_name, e, expected) => {
    expect(await matches(failedPlanJobPattern([PLAN_ID]), e)).toBe(expected);
  });

  const TESTING_PLAN = `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:weekly_tables`;
  const tested = (detail: Record<string, unknown>) => restoreJob({ restoreTestingPlanArn: TESTING_PLAN, resourceType: 'DynamoDB', ...detail });
  it.each([
    ['restore testing COMPLETED', tested({ status: 'COMPLETED' }), true],
    ['restore testing COMPLETED (state spelling)', tested({ state: 'COMPLETED' }), true],
    ['restore testing FAILED', tested({ status: 'FAILED' }), false],
    ['drill restore COMPLETED (no testing plan)', restoreJob({ status: 'COMPLETED', resourceType: 'DynamoDB' }), false],
    ['another restore testing plan of the account (another environment)', tested({ status: 'COMPLETED', restoreTestingPlanArn: `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:someone_elses` }), false],
    ['a type the validator does not check (EC2)', tested({ status: 'COMPLETED', resourceType: 'EC2' }), false],
  ])('restore testing pattern: %s', async (_name, e, expected) => {
    expect(await matches(restoreTestingCompletedPattern([TESTING_PLAN], ['DynamoDB', 'S3']), e)).toBe(expected);
  });

  it('refuses to build plan-scoped patterns without plan IDs (they would match nothing or everything)', () => {
    expect(() => failedPlanJobPattern([])).toThrow('needs at least one plan ID');
    expect(() => completedRecoveryPointPattern([])).toThrow('needs at least one plan ID');
    expect(() => restoreTestingCompletedPattern([], ['S3'])).toThrow('at least one restore testing plan ARN');
    expect(() => restoreTestingCompletedPattern(['arn'], [])).toThrow('at least one resource type');
  });
});
