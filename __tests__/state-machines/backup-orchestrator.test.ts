import { backupOrchestratorDefinition } from '../../modules/state-machines/backup-orchestrator-definition';
import { awsError, CallLog, ENTERED_TIME, EXECUTION_ARN, EXECUTION_NAME, Handlers, outcomeOf, runLocally, TASK_TOKEN, tailHandlers } from '../support/local-state-machine';
import { COPY_VAULT_1, COPY_VAULT_2, orchestratorProps } from '../support/state-machine-fixtures';

const RESOURCE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';
const RECOVERY_POINT = 'arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-0001';
const BACKUP_JOB = 'backup-job-0001';
const definition = backupOrchestratorDefinition(orchestratorProps('plain'));

interface Scenario {
  /** How the backup wait ends. */
  backupWait?: 'callback' | 'failed' | 'timeout' | 'event-first';
  /** DescribeBackupJob State. */
  describeState?: string;
  /** StartBackupJob answers LimitExceeded this many times first. */
  throttles?: number;
  /** Index of the copy whose job fails. */
  failingCopy?: number;
  /** How long each job runs (only the reported timestamps change). */
  jobMinutes?: number;
}

/** Handlers answering as AWS Backup, DynamoDB, SNS and the job-callback function would. */
function world(s: Scenario = {}): { handlers: Handlers; log: CallLog } {
  const log = new CallLog();
  let throttles = s.throttles ?? 0;
  const start = Date.parse('2025-06-01T10:00:00Z');
  const completion = new Date(start + (s.jobMinutes ?? 1) * 60_000).toISOString();
  const copyIndex = (jobId: string) => Number(jobId.split('-').pop());
  const handlers: Handlers = {
    StartBackupJob: () => {
      if (throttles-- > 0) throw awsError('Backup.LimitExceededException', 'Rate exceeded');
      return { BackupJobId: BACKUP_JOB, CreationDate: new Date(start).toISOString(), RecoveryPointArn: RECOVERY_POINT, IsParent: false };
    },
    WaitForBackupJob: ({ Item }) => {
      const job = { jobId: Item.jobId.S, jobType: 'BACKUP', completedWithIssues: false };
      switch (s.backupWait ?? 'callback') {
        case 'failed': throw awsError('BackupJobFailed', { ...job, state: 'FAILED', statusMessage: 'Insufficient privileges to perform this action.' });
        case 'timeout': throw awsError('States.Timeout', 'Task timed out');
        case 'event-first': throw awsError('DynamoDb.ConditionalCheckFailedException', 'The conditional request failed');
        default: return { ...job, state: 'COMPLETED', recoveryPointArn: RECOVERY_POINT, completionDate: completion };
      }
    },
    DescribeBackupJob: ({ BackupJobId }) => ({
      BackupJobId, State: s.describeState ?? 'COMPLETED', RecoveryPointArn: RECOVERY_POINT, ResourceArn: RESOURCE, PercentDone: '100.0',
    }),
    StartCopyJob: ({ DestinationBackupVaultArn }) => ({ CopyJobId: `copy-job-${[COPY_VAULT_1, COPY_VAULT_2].indexOf(DestinationBackupVaultArn)}`, IsParent: false }),
    WaitForCopyJob: ({ Item }) => {
      const i = copyIndex(Item.jobId.S);
      const job = { jobId: Item.jobId.S, jobType: 'COPY', completedWithIssues: false };
      if (i === s.failingCopy) throw awsError('CopyJobFailed', { ...job, state: 'FAILED', statusMessage: 'Destination vault access denied' });
      return { ...job, state: 'COMPLETED', destinationRecoveryPointArn: `arn:aws:backup:eu-central-1:111122223333:recovery-point:copy-${i}`, completionDate: completion };
    },
    ...tailHandlers(),
  };
  return { handlers: log.wrap(handlers), log };
}

const request = { resourceArn: RESOURCE, reason: 'before schema migration', requestedBy: { sub: 'user-1', email: 'ops@example.com' } };
const HEAD = ['Start', 'ReadClock', 'ComputeExpiry', 'ValidateRequest', 'ResolveRule', 'UseRule1', 'CheckVaultOverride', 'StartBackupJob', 'WaitForBackupJob'];
const COPY_PATH = ['StartCopyJob', 'WaitForCopyJob', 'CheckCopyResult', 'CopyCompleted'];

describe('backup orchestrator, run locally', () => {
  it('happy path: backup, then 2 copies, recorded SUCCEEDED and notified', async () => {
    const { handlers, log } = world();
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...HEAD, 'CheckBackupResult', 'BackupCompleted', 'CheckCopies', 'CopyToTargets', 'BackupSucceeded',
      'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(run.innerPath.sort()).toEqual([...COPY_PATH, ...COPY_PATH].sort());
    expect(run.transitions).toBe(26);
    expect(run.output).toMatchObject({
      outcome: 'SUCCEEDED', backupJobId: BACKUP_JOB, recoveryPointArn: RECOVERY_POINT, resourceArn: RESOURCE, rule: 'daily/standard',
      copies: [
        { copyJobId: 'copy-job-0', destinationVaultArn: COPY_VAULT_1, state: 'COMPLETED', source: 'callback' },
        { copyJobId: 'copy-job-1', destinationVaultArn: COPY_VAULT_2, state: 'COMPLETED', source: 'callback' },
      ],
    });

    const [start] = log.of('StartBackupJob');
    expect(start).toEqual({
      BackupVaultName: 'prod-primary', ResourceArn: RESOURCE, IamRoleArn: 'arn:aws:iam::111122223333:role/backup-prod-service',
      IdempotencyToken: EXECUTION_NAME, Lifecycle: { DeleteAfterDays: 35 },
      RecoveryPointTags: { environment: 'prod', 'compliance-code': 'SOC2-CC9.1', 'orchestrated-by': 'backup-orchestrator', 'orchestration-execution': EXECUTION_NAME },
    });
    const [wait] = log.of('WaitForBackupJob');
    expect(wait).toMatchObject({
      TableName: 'backup-prod-task-tokens', ConditionExpression: 'attribute_not_exists(jobId)',
      Item: { jobId: { S: BACKUP_JOB }, jobType: { S: 'BACKUP' }, taskToken: { S: TASK_TOKEN }, executionArn: { S: EXECUTION_ARN } },
    });
    const copies = log.of('StartCopyJob').sort((a, b) => a.IdempotencyToken.localeCompare(b.IdempotencyToken));
    expect(copies).toEqual([
      { RecoveryPointArn: RECOVERY_POINT, SourceBackupVaultName: 'prod-primary', DestinationBackupVaultArn: COPY_VAULT_1,
        IamRoleArn: 'arn:aws:iam::111122223333:role/backup-prod-service', IdempotencyToken: `${EXECUTION_NAME}-copy-0`, Lifecycle: { DeleteAfterDays: 35 } },
      { RecoveryPointArn: RECOVERY_POINT, SourceBackupVaultName: 'prod-primary', DestinationBackupVaultArn: COPY_VAULT_2,
        IamRoleArn: 'arn:aws:iam::111122223333:role/backup-prod-service', IdempotencyToken: `${EXECUTION_NAME}-copy-1`,
        Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 365, OptInToArchiveForSupportedResources: false } },
    ]);
    expect(log.of('WaitForCopyJob').map((w) => w.Item.jobType.S)).toEqual(['COPY', 'COPY']);

    const { item, details, subject, message } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
    expect(item).toMatchObject({
      pk: { S: `EXECUTION#${EXECUTION_NAME}` }, recordType: { S: 'EXECUTION' }, machine: { S: 'backup-orchestrator' }, outcome: { S: 'SUCCEEDED' },
      resourceArn: { S: RESOURCE }, eventTime: { S: ENTERED_TIME }, day: { S: '2025-06-01' },
    });
    expect(details).toEqual(run.output);
    expect(details.request).toEqual(request);
    expect(subject).toBe('[backup-orchestrator] SUCCEEDED');
    expect(message).toEqual(run.output);
  });

  it('TTLs: expiresAt is epoch seconds, never before the retention, at most a day after', async () => {
    const { handlers, log } = world();
    const before = Date.now() / 1000;
    await runLocally(definition, request, handlers);
    const expiresAt = Number(log.of('RecordSuccess')[0].Item.expiresAt.N);
    const startOfDay = Math.floor(before / 86400) * 86400;
    expect(expiresAt).toBeGreaterThanOrEqual(startOfDay + 400 * 86400);
    expect(expiresAt).toBeLessThanOrEqual(before + 401 * 86400);
    const tokenExpiresAt = Number(log.of('WaitForBackupJob')[0].Item.expiresAt.N);
    expect(tokenExpiresAt).toBeGreaterThanOrEqual(startOfDay + definition.TimeoutSeconds + 86400);
  });

  it('throttling on StartBackupJob is retried with backoff, then the run succeeds', async () => {
    const { handlers, log } = world({ throttles: 2 });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.retries).toEqual([{ state: 'StartBackupJob', attempt: 1 }, { state: 'StartBackupJob', attempt: 2 }]);
    expect(log.of('StartBackupJob')).toHaveLength(3);
    expect(run.transitions).toBe(26);
    const retry = (definition.States.StartBackupJob.Retry as Record<string, unknown>[])[0];
    expect(retry).toMatchObject({ IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 60, JitterStrategy: 'FULL' });
    expect(retry.ErrorEquals).toEqual(expect.arrayContaining(['Backup.ThrottlingException', 'Backup.LimitExceededException', 'Backup.ServiceUnavailableException']));
  });

  it('backup job FAILED (the callback fails the task): BACKUP_FAILED recorded and notified, no copy', async () => {
    const { handlers, log } = world({ backupWait: 'failed' });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('BACKUP_FAILED');
    expect(run.path).toEqual([...HEAD, 'BackupJobFailed', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(13);
    expect(log.of('StartCopyJob')).toEqual([]);
    const { item, detailsText, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(item).toMatchObject({ outcome: { S: 'BACKUP_FAILED' }, resourceArn: { S: RESOURCE }, pk: { S: `EXECUTION#${EXECUTION_NAME}` } });
    for (const fact of ['"stage":"WaitForBackupJob"', '"error":"BackupJobFailed"', `"backupJobId":"${BACKUP_JOB}"`, 'Insufficient privileges']) expect(detailsText).toContain(fact);
    expect(JSON.parse(run.cause as string)).toMatchObject({ jobId: BACKUP_JOB, state: 'FAILED', statusMessage: 'Insufficient privileges to perform this action.' });
    expect(subject).toBe('[backup-orchestrator] BACKUP_FAILED');
    expect(log.of('NotifyFailure')[0].Message).toBe(detailsText);
  });

  it('callback never arrives, DescribeBackupJob says COMPLETED: carries on with the copies', async () => {
    const { handlers, log } = world({ backupWait: 'timeout', describeState: 'COMPLETED' });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...HEAD, 'DescribeBackupJob', 'BackupJobStatus', 'BackupCompletedPerDescribe', 'CheckCopies', 'CopyToTargets',
      'BackupSucceeded', 'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(log.of('DescribeBackupJob')).toEqual([{ BackupJobId: BACKUP_JOB }]);
    expect(run.output).toMatchObject({ outcome: 'SUCCEEDED', recoveryPointArn: RECOVERY_POINT, backup: { source: 'describe' } });
    expect(run.transitions).toBe(27);
  });

  it('callback never arrives, DescribeBackupJob says RUNNING: TIMED_OUT recorded and notified', async () => {
    const { handlers, log } = world({ backupWait: 'timeout', describeState: 'RUNNING' });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('TIMED_OUT');
    expect(run.path).toEqual([...HEAD, 'DescribeBackupJob', 'BackupJobStatus', 'BackupTimedOut', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(15);
    const { details, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(details).toMatchObject({ outcome: 'TIMED_OUT', error: 'BackupJobTimedOut', cause: `Backup job ${BACKUP_JOB} is still RUNNING after the callback timeout of 21600 seconds` });
    expect(subject).toBe('[backup-orchestrator] TIMED_OUT');
  });

  it('the event came before the token was stored (conditional put fails): describes the job once and carries on', async () => {
    const { handlers, log } = world({ backupWait: 'event-first', describeState: 'COMPLETED' });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toContain('DescribeBackupJob');
    expect(log.of('DescribeBackupJob')).toHaveLength(1);
    expect(log.of('WaitForBackupJob')).toHaveLength(1);
    expect(run.transitions).toBe(27);
  });

  it('a describe that finds the job FAILED: BACKUP_FAILED', async () => {
    const { handlers, log } = world({ backupWait: 'timeout', describeState: 'FAILED' });
    const run = await runLocally(definition, request, handlers);
    expect(run.error).toBe('BACKUP_FAILED');
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').details).toMatchObject({ stage: 'DescribeBackupJob', cause: `Backup job ${BACKUP_JOB} ended FAILED` });
  });

  it('a copy fails: COPY_FAILED recorded and notified with the backup result', async () => {
    const { handlers, log } = world({ failingCopy: 1 });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('COPY_FAILED');
    expect(run.path).toEqual([...HEAD, 'CheckBackupResult', 'BackupCompleted', 'CheckCopies', 'CopyToTargets', 'CopyFailed', 'RecordFailure', 'NotifyFailure', 'Failed']);
    const { item, detailsText, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(item.outcome).toEqual({ S: 'COPY_FAILED' });
    for (const fact of ['"stage":"CopyToTargets"', '"error":"CopyJobFailed"', `"backupJobId":"${BACKUP_JOB}"`, `"recoveryPointArn":"${RECOVERY_POINT}"`,
      `"backup":{"backupJobId":"${BACKUP_JOB}","recoveryPointArn":"${RECOVERY_POINT}","state":"COMPLETED"`]) expect(detailsText).toContain(fact);
    expect(JSON.parse(run.cause as string)).toMatchObject({ jobId: 'copy-job-1', statusMessage: 'Destination vault access denied' });
    expect(subject).toBe('[backup-orchestrator] COPY_FAILED');
    expect(run.transitions).toBeGreaterThanOrEqual(23);
  });

  it('an unknown rule name: UNKNOWN_RULE recorded and notified, nothing started', async () => {
    const { handlers, log } = world();
    const run = await runLocally(definition, { ...request, rule: 'monthly/nope' }, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('UNKNOWN_RULE');
    expect(run.path).toEqual(['Start', 'ReadClock', 'ComputeExpiry', 'ValidateRequest', 'ResolveRule', 'UnknownRule', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(9);
    expect(log.of('StartBackupJob')).toEqual([]);
    const { item, detailsText, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(item.outcome).toEqual({ S: 'UNKNOWN_RULE' });
    expect(subject).toBe('[backup-orchestrator] UNKNOWN_RULE');
    expect(detailsText).toContain('"error":"UnknownRule"');
    expect(run.cause).toBe('Rule "monthly/nope" is not one of: daily/standard hourly/short weekly/no-lifecycle');
  });

  it('a request without resourceArn: INVALID_REQUEST recorded and notified', async () => {
    const { handlers, log } = world();
    const run = await runLocally(definition, { rule: 'daily/standard' }, handlers);
    expect(run.error).toBe('INVALID_REQUEST');
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').item.resourceArn).toEqual({ S: 'unknown' });
  });

  it('a rule without copies skips the Map; a vault override and an empty lifecycle are passed through', async () => {
    const { handlers, log } = world();
    const run = await runLocally(definition, { ...request, rule: 'weekly/no-lifecycle', vaultName: 'prod-special' }, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual(['Start', 'ReadClock', 'ComputeExpiry', 'ValidateRequest', 'ResolveRule', 'UseRule3', 'CheckVaultOverride', 'OverrideVault',
      'StartBackupJob', 'WaitForBackupJob', 'CheckBackupResult', 'BackupCompleted', 'CheckCopies', 'NoCopies', 'BackupSucceeded',
      'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(run.innerPath).toEqual([]);
    expect(log.of('StartBackupJob')[0]).toMatchObject({ BackupVaultName: 'prod-special', Lifecycle: {} });
    expect(run.output).toMatchObject({ copies: [], vaultName: 'prod-special' });
  });

  it('an audit put that fails still notifies, then fails the execution', async () => {
    const { handlers, log } = world();
    const run = await runLocally(definition, request, { ...handlers, RecordSuccess: () => { throw awsError('DynamoDB.AccessDeniedException', 'no'); } });
    expect(run.error).toBe('AuditRecordFailed');
    expect(log.of('NotifySuccess')).toHaveLength(1);
  });
});

describe('transitions do not depend on how long the jobs run', () => {
  it('a backup-and-copy of 1 minute and of 12 hours take the same number of state transitions', async () => {
    const rows: { jobDuration: string; transitions: number; topLevel: number; inMap: number }[] = [];
    for (const [label, minutes] of [['1 minute', 1], ['12 hours', 12 * 60]] as const) {
      const { handlers, log } = world({ jobMinutes: minutes });
      const run = await runLocally(definition, request, handlers);
      expect(run.status).toBe('SUCCEEDED');
      expect(log.of('WaitForCopyJob')).toHaveLength(2);
      rows.push({ jobDuration: label, transitions: run.transitions, topLevel: run.path.length, inMap: run.innerPath.length });
    }
    console.log('Backup orchestrator (backup + 2 copies), state transitions by job duration');
    console.table(rows);
    expect(rows[0].transitions).toBe(rows[1].transitions);
    expect(rows[0].transitions).toBe(26);
  });
});
