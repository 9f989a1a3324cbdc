import type { BackupJobState, DescribeBackupJobOutput, DescribeCopyJobOutput, StartCopyJobOutput } from '@aws-sdk/client-backup';
import { INTEGRATIONS } from '../../../../config/aws-facts';
import { jobWaitBound } from '../../../../modules/orchestration/state-machines/job-wait-bound';
import { TASK_TOKEN_PUT_CONDITION } from '../../../../modules/orchestration/state-machines/task-token-wait';
import { backupOrchestratorDefinition } from '../../../../modules/orchestration/state-machines/backup-orchestrator-definition';
import type { AwsJson } from '../../../../tools/lib/fault-matrix/aws-json';
import { TaskTokenTable } from '../../../../tools/lib/fault-matrix/task-token-table';
import { awsError, CallLog, ENTERED_TIME, EXECUTION_ARN, EXECUTION_NAME, Handlers, outcomeOf, runLocally, TASK_TOKEN, tailHandlers } from '../../../../tools/lib/fault-matrix/local-state-machine';
import { COPY_VAULT_1, COPY_VAULT_2, orchestratorProps } from '../../../../tools/lib/fault-matrix/fixtures';

const RESOURCE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';
const RECOVERY_POINT = 'arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-0001';
const BACKUP_JOB = 'backup-job-0001';
const definition = backupOrchestratorDefinition(orchestratorProps('plain'));
/** Callback waits per job: 7 days (the default maximum job duration) in waits of the fixture's 6 hours. */
const ROUNDS = 28;

interface Scenario {
  /** How the backup wait ends. */
  backupWait?: 'callback' | 'failed' | 'timeout' | 'event-first';
  /** DescribeBackupJob State. */
  describeState?: BackupJobState;
  /** StartBackupJob answers LimitExceeded this many times first. */
  throttles?: number;
  /** What StartBackupJob throws the first `throttles` times. @default LimitExceededException */
  throttleError?: Error;
  /** Index of the copy whose job fails. */
  failingCopy?: number;
  /** How long each job runs (only the reported timestamps change). */
  jobMinutes?: number;
  /**
   * The wait round in which the backup job's event arrives: the rounds before it time out and their describes find
   * the job RUNNING. Infinity: the job never ends. Overrides backupWait and describeState.
   */
  backupRounds?: number;
  /** The same for every copy job (default 1: the first wait gets the event). */
  copyRounds?: number;
  /** With backupRounds: the backup's event arrives right after round 1 timed out, before the token is stored again. */
  eventBetweenRounds?: boolean;
}

/** Handlers answering as AWS Backup, DynamoDB (the task-token table), SNS and the job-callback function would. */
function world(s: Scenario = {}): { handlers: Handlers; log: CallLog; tokens: TaskTokenTable } {
  const log = new CallLog();
  const tokens = new TaskTokenTable();
  const waits = new Map<string, number>();
  /** Stores the token as the wait's put does (may fail: outcome recorded) and counts the job's wait rounds. */
  const nextRound = (input: { Item: { jobId: { S: string } } }) => {
    tokens.put(input);
    const jobId = input.Item.jobId.S;
    waits.set(jobId, (waits.get(jobId) ?? 0) + 1);
    return waits.get(jobId) as number;
  };
  const ended = (jobId: string, rounds: number) => (waits.get(jobId) ?? 0) >= rounds || tokens.items.get(jobId)?.outcome !== undefined;
  const timedOut = () => awsError('States.Timeout', 'Task timed out');
  if (s.backupWait === 'event-first') tokens.recordOutcome(BACKUP_JOB, { jobId: BACKUP_JOB, state: 'COMPLETED' });
  let throttles = s.throttles ?? 0;
  const start = Date.parse('2025-06-01T10:00:00Z');
  const completion = new Date(start + (s.jobMinutes ?? 1) * 60_000).toISOString();
  const copyIndex = (jobId: string) => Number(jobId.split('-').pop());
  const copyPoint = (i: number) => `arn:aws:backup:eu-central-1:111122223333:recovery-point:copy-${i}`;
  const handlers: Handlers = {
    StartBackupJob: () => {
      if (throttles-- > 0) throw s.throttleError ?? awsError('Backup.LimitExceededException', 'Rate exceeded');
      return { BackupJobId: BACKUP_JOB, CreationDate: new Date(start).toISOString(), RecoveryPointArn: RECOVERY_POINT, IsParent: false };
    },
    WaitForBackupJob: (input) => {
      const round = nextRound(input);
      const job = { jobId: input.Item.jobId.S, jobType: 'BACKUP', completedWithIssues: false };
      if (s.backupRounds !== undefined && round < s.backupRounds) {
        if (s.eventBetweenRounds && round === 1) tokens.recordOutcome(job.jobId, { ...job, state: 'COMPLETED' });
        throw timedOut();
      }
      switch (s.backupRounds !== undefined ? 'callback' : s.backupWait ?? 'callback') {
        case 'failed': throw awsError('BackupJobFailed', { ...job, state: 'FAILED', statusMessage: 'Insufficient privileges to perform this action.' });
        case 'timeout': throw timedOut();
        default: return { ...job, state: 'COMPLETED', recoveryPointArn: RECOVERY_POINT, completionDate: completion };
      }
    },
    DescribeBackupJob: ({ BackupJobId }) => ({
      BackupJobId,
      State: s.backupRounds !== undefined ? (ended(BackupJobId, s.backupRounds) ? 'COMPLETED' : 'RUNNING') : s.describeState ?? 'COMPLETED',
      RecoveryPointArn: RECOVERY_POINT, ResourceArn: RESOURCE, PercentDone: '100.0',
    } satisfies AwsJson<DescribeBackupJobOutput>),
    StartCopyJob: ({ DestinationBackupVaultArn }) => ({ CopyJobId: `copy-job-${[COPY_VAULT_1, COPY_VAULT_2].indexOf(DestinationBackupVaultArn)}`, IsParent: false } satisfies AwsJson<StartCopyJobOutput>),
    WaitForCopyJob: (input) => {
      const round = nextRound(input);
      const i = copyIndex(input.Item.jobId.S);
      const job = { jobId: input.Item.jobId.S, jobType: 'COPY', completedWithIssues: false };
      if (round < (s.copyRounds ?? 1)) throw timedOut();
      if (i === s.failingCopy) throw awsError('CopyJobFailed', { ...job, state: 'FAILED', statusMessage: 'Destination vault access denied' });
      return { ...job, state: 'COMPLETED', destinationRecoveryPointArn: copyPoint(i), completionDate: completion };
    },
    DescribeCopyJob: ({ CopyJobId }) => (ended(CopyJobId, s.copyRounds ?? 1)
      ? { CopyJob: { CopyJobId, State: 'COMPLETED', DestinationRecoveryPointArn: copyPoint(copyIndex(CopyJobId)) } } satisfies AwsJson<DescribeCopyJobOutput>
      : { CopyJob: { CopyJobId, State: 'RUNNING' } } satisfies AwsJson<DescribeCopyJobOutput>),
    ...tailHandlers(),
  };
  return { handlers: log.wrap(handlers), log, tokens };
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
      TableName: 'backup-prod-task-tokens', ConditionExpression: 'attribute_not_exists(outcome)',
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
    // AND the Retry: permanent modeled errors to the Catch at once, transient ones with backoff, then anything the model does not list
    const [permanent, transient, fallback] = definition.States.StartBackupJob.Retry as { ErrorEquals: string[]; MaxAttempts: number }[];
    expect(permanent).toEqual({ ErrorEquals: expect.arrayContaining(['Backup.InvalidRequestException', 'Backup.ResourceNotFoundException']), MaxAttempts: 0 });
    expect(transient).toMatchObject({ IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 60, JitterStrategy: 'FULL' });
    expect(transient.ErrorEquals).toEqual(expect.arrayContaining(['Backup.LimitExceededException', 'Backup.ServiceUnavailableException']));
    expect(fallback).toMatchObject({ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 3 });
  });

  it('throttling as AWS Backup reports it (no Backup operation models ThrottlingException) is retried too, then the run succeeds', async () => {
    const { handlers, log } = world({ throttles: 2, throttleError: awsError(INTEGRATIONS['aws-sdk:backup'].unmodeledName.name, 'Rate exceeded (Service: Backup, Status Code: 400)') });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.retries).toEqual([{ state: 'StartBackupJob', attempt: 1 }, { state: 'StartBackupJob', attempt: 2 }]);
    expect(log.of('StartBackupJob')).toHaveLength(3);
  });

  it('a permanent error the model lists (InvalidRequestException) is not retried: the run fails at once, recorded and notified', async () => {
    const { handlers, log } = world({ throttles: 5, throttleError: awsError('Backup.InvalidRequestException', 'Invalid lifecycle') });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.retries).toEqual([]);
    expect(log.of('StartBackupJob')).toHaveLength(1);
    expect(log.of('RecordFailure')).toHaveLength(1);
    expect(log.of('NotifyFailure')).toHaveLength(1);
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

  it('the event came before the token was stored (conditional put fails): describes the job once and carries on', async () => {
    const { handlers, log, tokens } = world({ backupWait: 'event-first', describeState: 'COMPLETED' });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toContain('DescribeBackupJob');
    expect(log.of('DescribeBackupJob')).toHaveLength(1);
    expect(log.of('WaitForBackupJob')).toHaveLength(1);
    // The outcome job-callback recorded refused the put: no re-wait, the describe decides.
    expect(tokens.puts.filter((p) => p.jobId === BACKUP_JOB)).toEqual([{ jobId: BACKUP_JOB, accepted: false }]);
    expect(run.path).not.toContain('FirstBackupRewait');
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

describe('backup orchestrator: a job that outlasts the callback timeout is waited for again, in bounded rounds', () => {
  const backupRound = (first: boolean) => ['DescribeBackupJob', 'BackupJobStatus', first ? 'FirstBackupRewait' : 'NextBackupRewait', 'WaitForBackupJob'];
  const copyRound = (first: boolean) => ['DescribeCopyJob', 'CopyJobStatus', first ? 'FirstCopyRewait' : 'NextCopyRewait', 'WaitForCopyJob'];
  const rounds = (n: number, round: (first: boolean) => string[]) => Array.from({ length: n }, (_, i) => round(i === 0)).flat();
  const SUCCESS_END = ['CheckBackupResult', 'BackupCompleted', 'CheckCopies', 'CopyToTargets', 'BackupSucceeded', 'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded'];

  it('the bound: 28 waits of the fixture\'s 6 hours cover the 7-day default maximum job duration, and the execution timeout allows them', () => {
    expect(jobWaitBound(orchestratorProps())).toEqual({ rounds: ROUNDS, seconds: 7 * 86400 });
    // The backup's rounds, then the copies' (side by side), plus an hour.
    expect(definition.TimeoutSeconds).toBe(2 * 7 * 86400 + 3600);
  });

  it.each([
    ['1 callback timeout', 2],
    ['2 callback timeouts', 3],
  ])('GIVEN a backup and copies that each outlast %s WHEN run THEN each job is waited for again and the run SUCCEEDS with the copies done', async (_label, n) => {
    const { handlers, log, tokens } = world({ backupRounds: n, copyRounds: n });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...HEAD, ...rounds(n - 1, backupRound), ...SUCCESS_END]);
    const copyPath = ['StartCopyJob', 'WaitForCopyJob', ...rounds(n - 1, copyRound), 'CheckCopyResult', 'CopyCompleted'];
    expect(run.innerPath.sort()).toEqual([...copyPath, ...copyPath].sort());
    // Each extra round of a job: Describe, status Choice, re-wait Pass, wait (3 jobs).
    expect(run.transitions).toBe(26 + 3 * 4 * (n - 1));
    expect(run.output).toMatchObject({
      outcome: 'SUCCEEDED', backupJobId: BACKUP_JOB, recoveryPointArn: RECOVERY_POINT, backup: { source: 'callback' },
      copies: [
        { copyJobId: 'copy-job-0', destinationVaultArn: COPY_VAULT_1, state: 'COMPLETED', source: 'callback' },
        { copyJobId: 'copy-job-1', destinationVaultArn: COPY_VAULT_2, state: 'COMPLETED', source: 'callback' },
      ],
    });
    // THEN every round stored the token again under the same job ID, and every put was accepted (no outcome yet).
    const puts = log.of('WaitForBackupJob');
    expect(puts).toHaveLength(n);
    for (const put of puts) expect(put).toMatchObject({ ConditionExpression: TASK_TOKEN_PUT_CONDITION, Item: { jobId: { S: BACKUP_JOB }, taskToken: { S: TASK_TOKEN } } });
    expect(tokens.puts).toHaveLength(3 * n);
    expect(tokens.puts.every((p) => p.accepted)).toBe(true);
    expect(log.of('DescribeBackupJob')).toHaveLength(n - 1);
    expect(log.of('DescribeCopyJob')).toHaveLength(2 * (n - 1));
    // AND the round counter: absent in the first wait, then the round under way.
    const counters = run.entered.filter((e) => e.name === 'WaitForBackupJob').map((e) => e.input.backupWait);
    expect(counters).toEqual([undefined, ...Array.from({ length: n - 1 }, (_, i) => ({ round: i + 2 }))]);
    expect(outcomeOf(log, 'RecordSuccess', 'NotifySuccess').item.outcome).toEqual({ S: 'SUCCEEDED' });
  });

  it('GIVEN the event arrives between rounds (after the describe found the job RUNNING) WHEN the token is stored again THEN the put is refused, the describe finds COMPLETED and the copies start', async () => {
    // The job ends right after the first describe: job-callback records the outcome (the first token has timed out).
    const { handlers, log, tokens } = world({ backupRounds: Infinity });
    const describe = handlers.DescribeBackupJob;
    handlers.DescribeBackupJob = (input) => {
      const answer = describe(input);
      if (log.of('DescribeBackupJob').length === 1) tokens.recordOutcome(BACKUP_JOB, { jobId: BACKUP_JOB, state: 'COMPLETED' });
      return answer;
    };
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...HEAD, ...backupRound(true), 'DescribeBackupJob', 'BackupJobStatus', 'BackupCompletedPerDescribe',
      'CheckCopies', 'CopyToTargets', 'BackupSucceeded', 'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(tokens.puts.filter((p) => p.jobId === BACKUP_JOB)).toEqual([{ jobId: BACKUP_JOB, accepted: true }, { jobId: BACKUP_JOB, accepted: false }]);
    expect(run.output).toMatchObject({ outcome: 'SUCCEEDED', backup: { source: 'describe' }, copies: [{ state: 'COMPLETED' }, { state: 'COMPLETED' }] });
  });

  it('GIVEN a backup job that never finishes WHEN run THEN it stops after the last round: TIMED_OUT recorded and notified, no copy started', async () => {
    const { handlers, log, tokens } = world({ backupRounds: Infinity });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('TIMED_OUT');
    expect(run.path).toEqual([...HEAD, ...rounds(ROUNDS - 1, backupRound), 'DescribeBackupJob', 'BackupJobStatus', 'BackupTimedOut', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(15 + 4 * (ROUNDS - 1));
    expect(log.of('WaitForBackupJob')).toHaveLength(ROUNDS);
    expect(log.of('DescribeBackupJob')).toHaveLength(ROUNDS);
    expect(tokens.puts.every((p) => p.accepted)).toBe(true);
    expect(run.entered.filter((e) => e.name === 'WaitForBackupJob').at(-1)?.input.backupWait).toEqual({ round: ROUNDS });
    expect(log.of('StartCopyJob')).toEqual([]);
    const { details, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(details).toMatchObject({
      outcome: 'TIMED_OUT', stage: 'DescribeBackupJob', error: 'BackupJobTimedOut', backupJobId: BACKUP_JOB,
      cause: `Backup job ${BACKUP_JOB} is still RUNNING after ${ROUNDS} callback waits of 21600 seconds`,
    });
    expect(subject).toBe('[backup-orchestrator] TIMED_OUT');
  });

  it('GIVEN copy jobs that never finish WHEN run THEN each stops after the last round: COPY_FAILED recorded and notified, naming the copy still running', async () => {
    const { handlers, log } = world({ copyRounds: Infinity });
    const run = await runLocally(definition, request, handlers);
    expect(run.error).toBe('COPY_FAILED');
    const waitsPerCopy = [0, 1].map((i) => log.of('WaitForCopyJob').filter((w) => w.Item.jobId.S === `copy-job-${i}`).length);
    expect(Math.max(...waitsPerCopy)).toBe(ROUNDS);
    const { details, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(details).toMatchObject({ outcome: 'COPY_FAILED', error: 'CopyJobTimedOut', backupJobId: BACKUP_JOB, recoveryPointArn: RECOVERY_POINT });
    expect(details.cause).toMatch(new RegExp(`^Copy job copy-job-[01] is still RUNNING after ${ROUNDS} callback waits of 21600 seconds$`));
    expect(subject).toBe('[backup-orchestrator] COPY_FAILED');
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
