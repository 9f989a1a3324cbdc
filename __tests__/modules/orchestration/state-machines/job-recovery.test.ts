import type { DescribeBackupJobOutput, DescribeCopyJobOutput, RecoveryPointCreator, StartBackupJobOutput, StartCopyJobOutput } from '@aws-sdk/client-backup';
import { INTEGRATIONS } from '../../../../config/aws-facts';
import type { AwsJson } from '../../../../tools/lib/fault-matrix/aws-json';
import { jobWaitBound } from '../../../../modules/orchestration/state-machines/job-wait-bound';
import { TASK_TOKEN_PUT_CONDITION } from '../../../../modules/orchestration/state-machines/task-token-wait';
import { jobRecoveryDefinition, recoveryBackoff } from '../../../../modules/orchestration/state-machines/job-recovery-definition';
import { TaskTokenTable } from '../../../../tools/lib/fault-matrix/task-token-table';
import { awsError, CallLog, EXECUTION_ARN, EXECUTION_NAME, Handlers, outcomeOf, runLocally, tailHandlers } from '../../../../tools/lib/fault-matrix/local-state-machine';
import {
  BACKUP_ROLE_ARN,
  COPY_VAULT_1,
  FAILED_BACKUP_EVENT,
  FAILED_COPY_EVENT,
  ORDERS_TABLE_ARN,
  PLAN_CREATED_BY,
  planOfFailedJobs,
  PRIMARY_VAULT_ARN,
  recoveryProps,
} from '../../../../tools/lib/fault-matrix/fixtures';

const props = recoveryProps('plain');
const definition = jobRecoveryDefinition(props);
const OFFSITE_VAULT = 'arn:aws:backup:eu-west-1:444455556666:backup-vault:prod-offsite';
const OTHER_VAULT = 'arn:aws:backup:eu-north-1:111122223333:backup-vault:prod-elsewhere';
const COPY_LIFECYCLE = { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 365 };

interface WorldOptions {
  /** CreatedBy of the failed copy job (DescribeCopyJob); null: an on-demand copy (no CreatedBy). */
  copyCreatedBy?: RecoveryPointCreator | null;
  /** DestinationBackupVaultArn of the failed copy job. */
  copyDestination?: string;
  /** GetBackupPlan throws this error instead of answering. */
  getBackupPlanError?: Error;
  /** The task-token table's recovery claims (jobId -> item), shared by the executions of one test. */
  claims?: Map<string, unknown>;
  /** The claim put throws this error (after the conditional check passed). */
  claimError?: Error;
  /** The rule of the failed jobs makes continuous backups (EnableContinuousBackup). */
  continuous?: boolean;
  /** The copy of a recovered backup to this vault fails (by callback). */
  failingRuleCopy?: string;
}

/**
 * A re-attempt's outcome: 'ok' completes, 'fail' fails by callback, 'timeout' never calls back (describe says FAILED),
 * { rounds } completes by callback in that wait round, the earlier ones timing out with the job RUNNING (Infinity:
 * the job never ends).
 */
type Attempt = 'ok' | 'fail' | 'timeout' | { rounds: number };

/** Re-attempt outcomes in order (the Nth re-started job is retry-job-N / retry-copy-N). */
function world(outcomes: Attempt[], options: WorldOptions = {}): { handlers: Handlers; log: CallLog; tokens: TaskTokenTable } {
  const createdBy = options.copyCreatedBy === undefined ? PLAN_CREATED_BY : options.copyCreatedBy;
  const log = new CallLog();
  const tokens = new TaskTokenTable();
  const waits = new Map<string, number>();
  let started = 0;
  const outcomeOfJob = (jobId: string) => outcomes[Number(jobId.split('-').pop()) - 1] ?? 'fail';
  /** Still under way per describe: only a { rounds } attempt whose event has not come yet. */
  const running = (jobId: string) => {
    const outcome = outcomeOfJob(jobId);
    return typeof outcome === 'object' && (waits.get(jobId) ?? 0) < outcome.rounds;
  };
  const wait = (jobType: string, input: { Item: { jobId: { S: string } } }) => {
    tokens.put(input);
    const jobId = input.Item.jobId.S;
    waits.set(jobId, (waits.get(jobId) ?? 0) + 1);
    const outcome = outcomeOfJob(jobId);
    const job = { jobId, jobType, completedWithIssues: false };
    if (outcome === 'timeout' || running(jobId)) throw awsError('States.Timeout', 'Task timed out');
    if (outcome === 'fail') throw awsError(`${jobType === 'BACKUP' ? 'Backup' : 'Copy'}JobFailed`, { ...job, state: 'FAILED', statusMessage: `attempt ${started} failed: resource busy` });
    return jobType === 'BACKUP'
      ? { ...job, state: 'COMPLETED', recoveryPointArn: `arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-${started}` }
      : { ...job, state: 'COMPLETED', destinationRecoveryPointArn: `arn:aws:backup:eu-central-1:111122223333:recovery-point:copy-${started}` };
  };
  const claims = options.claims ?? new Map<string, unknown>();
  /** The conditional put as DynamoDB answers it (optimized integration: `DynamoDB.` prefix). */
  const claim = ({ Item }: { Item: { jobId: { S: string } } }) => {
    if (options.claimError) throw options.claimError;
    if (claims.has(Item.jobId.S)) throw awsError('DynamoDB.ConditionalCheckFailedException', 'The conditional request failed');
    claims.set(Item.jobId.S, Item);
    return { SdkHttpMetadata: { HttpStatusCode: 200 } };
  };
  const handlers: Handlers = {
    ClaimBackupRecovery: claim,
    ClaimCopyRecovery: claim,
    GetBackupPlan: () => {
      if (options.getBackupPlanError) throw options.getBackupPlanError;
      return planOfFailedJobs(RULE_COPY_ACTIONS, { continuous: options.continuous });
    },
    // The copies of a recovered backup (the rule's copy actions), one per destination vault.
    RuleStartCopyJob: ({ DestinationBackupVaultArn }) => ({ CopyJobId: `rule-copy-${RULE_COPY_ACTIONS.findIndex((a) => a.DestinationBackupVaultArn === DestinationBackupVaultArn)}` } satisfies AwsJson<StartCopyJobOutput>),
    RuleWaitForCopyJob: (input) => {
      tokens.put(input);
      const jobId: string = input.Item.jobId.S;
      const job = { jobId, jobType: 'COPY', completedWithIssues: false };
      const vault = RULE_COPY_ACTIONS[Number(jobId.split('-').pop())].DestinationBackupVaultArn;
      if (vault === options.failingRuleCopy) throw awsError('CopyJobFailed', { ...job, state: 'FAILED', statusMessage: 'Destination vault access denied' });
      return { ...job, state: 'COMPLETED', destinationRecoveryPointArn: `${vault.replace(/:backup-vault:.*/, '')}:recovery-point:${jobId}` };
    },
    BackupRestart: () => ({ BackupJobId: `retry-job-${++started}`, CreationDate: '2025-06-01T04:00:00Z' } satisfies AwsJson<StartBackupJobOutput>),
    BackupWaitForJob: (input) => wait('BACKUP', input),
    BackupDescribeJob: ({ BackupJobId }) => (running(BackupJobId)
      ? { BackupJobId, State: 'RUNNING' } satisfies AwsJson<DescribeBackupJobOutput>
      : { BackupJobId, State: 'FAILED', StatusMessage: 'still busy' } satisfies AwsJson<DescribeBackupJobOutput>),
    DescribeFailedCopyJob: ({ CopyJobId }) => ({
      CopyJob: { CopyJobId, SourceRecoveryPointArn: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-source', SourceBackupVaultArn: PRIMARY_VAULT_ARN,
        DestinationBackupVaultArn: options.copyDestination ?? COPY_VAULT_1, ResourceArn: ORDERS_TABLE_ARN, State: 'FAILED', StatusMessage: 'KMS key not accessible', IamRoleArn: BACKUP_ROLE_ARN,
        ...(createdBy ? { CreatedBy: createdBy } : {}) },
    } satisfies AwsJson<DescribeCopyJobOutput>),
    CopyRestart: () => ({ CopyJobId: `retry-copy-${++started}` } satisfies AwsJson<StartCopyJobOutput>),
    CopyRestartWithLifecycle: () => ({ CopyJobId: `retry-copy-${++started}` } satisfies AwsJson<StartCopyJobOutput>),
    CopyWaitForJob: (input) => wait('COPY', input),
    CopyDescribeJob: ({ CopyJobId }) => ({ CopyJob: { CopyJobId, State: running(CopyJobId) ? 'RUNNING' : 'FAILED' } } satisfies AwsJson<DescribeCopyJobOutput>),
    ...tailHandlers(),
  };
  return { handlers: log.wrap(handlers), log, tokens };
}

const LOOKUP = ['GetBackupPlan', 'FindRule', 'CheckRuleFound', 'RuleFound'];
/** The rule's copy actions (GetBackupPlan): a central vault keeping copies 90 days, an offsite one with cold storage. */
const RULE_COPY_ACTIONS = [{ DestinationBackupVaultArn: OFFSITE_VAULT, Lifecycle: { DeleteAfterDays: 90 } }, { DestinationBackupVaultArn: COPY_VAULT_1, Lifecycle: COPY_LIFECYCLE }];
/** After a re-started backup completed (by callback): the rule's copies, then RECOVERED. */
const WITH_RULE_COPIES = ['BackupRecoveryPointPerCallback', 'RuleHasCopyActions', 'CopyRuleCopyActions', 'BackupRecovered'];
/** Each copy of a recovered backup, completed by callback. */
const RULE_COPY_INNER = ['CopyActionWithDefaults', 'CopyTargetOfAction', 'RuleStartCopyJob', 'RuleWaitForCopyJob', 'RuleCheckCopyResult', 'RuleCopyCompleted'];
const FIND_RULE = ['Start', 'ReadClock', 'ComputeExpiry', 'ClassifyEvent', 'ClaimBackupRecovery', 'PlanOfBackupJob', ...LOOKUP, 'PickRule', 'RuleIsContinuous'];
const DESCRIBE_COPY = ['Start', 'ReadClock', 'ComputeExpiry', 'ClassifyEvent', 'ClaimCopyRecovery', 'DescribeFailedCopyJob', 'CopyCreatedByPlan'];
const FIND_COPY_ACTION = [...DESCRIBE_COPY, 'PlanOfCopyJob', ...LOOKUP, 'PickRuleOfCopyJob', 'FindCopyAction', 'CheckCopyActionFound', 'CopyActionFound'];
const SUCCESS_TAIL = ['RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded'];
const attempt = (kind: string, end: string[], variant = '') => [`${kind}ComputeBackoff${variant}`, `${kind}Backoff${variant}`, `${kind}Restart${variant}`, `${kind}WaitForJob`, ...end];

describe('job recovery, run locally', () => {
  it('backoff delays double from the initial delay, with jitter of up to half', () => {
    expect(recoveryBackoff(props)).toEqual({ delays: [300, 600, 1200], jitters: [150, 300, 600] });
  });

  it('a failed backup job: the re-attempt succeeds on attempt 2, RECOVERED recorded and notified', async () => {
    const { handlers, log } = world(['fail', 'ok']);
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...FIND_RULE, ...attempt('Backup', ['BackupAttemptFailed']), ...attempt('Backup', ['BackupCheckResult', ...WITH_RULE_COPIES]),
      'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(run.innerPath.slice(0, 4)).toEqual(['IsThisTheRule', 'IsThisTheRule', 'RuleDoesNotMatch', 'RuleMatches']);
    expect([...run.innerPath.slice(4)].sort()).toEqual([...RULE_COPY_INNER, ...RULE_COPY_INNER].sort());
    expect(run.transitions).toBe(46);
    const starts = log.of('BackupRestart');
    expect(starts).toEqual([1, 2].map((n) => ({
      BackupVaultName: 'prod-primary', ResourceArn: ORDERS_TABLE_ARN, IamRoleArn: BACKUP_ROLE_ARN, IdempotencyToken: `${EXECUTION_NAME}-attempt-${n}`,
      Lifecycle: { DeleteAfterDays: 35 }, StartWindowMinutes: 120, CompleteWindowMinutes: 1440,
      // The rule's tags and the environment's (the tagger never sees an on-demand job).
      RecoveryPointTags: { 'tier': 'gold', 'environment': 'prod', 'compliance-code': 'SOC2-CC9.1', 'orchestrated-by': 'job-recovery' },
    })));
    expect(log.of('GetBackupPlan')).toEqual([{ BackupPlanId: 'plan-1', VersionId: 'v-2' }]);
    const waits = run.entered.filter((e) => e.name === 'BackupBackoff').map((e) => e.input.recovery.waitSeconds);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(300);
    expect(waits[0]).toBeLessThanOrEqual(450);
    expect(waits[1]).toBeGreaterThanOrEqual(600);
    expect(waits[1]).toBeLessThanOrEqual(900);
    const { item, details, subject } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
    expect(item).toMatchObject({ outcome: { S: 'RECOVERED' }, machine: { S: 'job-recovery' }, resourceArn: { S: ORDERS_TABLE_ARN } });
    expect(details).toMatchObject({ outcome: 'RECOVERED', jobType: 'BACKUP', failedJobId: 'failed-job-1', attempts: 2, newJobId: 'retry-job-2' });
    expect(details.copies).toHaveLength(2);
    expect(subject).toBe('[job-recovery] RECOVERED');
    expect(run.output).toEqual(details);
  });

  it('attempts exhausted: ESCALATED recorded and notified, naming job, resource, attempts and the last status message', async () => {
    const { handlers, log } = world(['fail', 'timeout', 'fail']);
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('ESCALATED');
    expect(run.path).toEqual([...FIND_RULE,
      ...attempt('Backup', ['BackupAttemptFailed']),
      ...attempt('Backup', ['BackupDescribeJob', 'BackupJobStatus', 'BackupAttemptEndedUnsuccessfully', 'BackupAttemptFailed']),
      ...attempt('Backup', ['BackupAttemptFailed']),
      'BackupEscalate', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(38);
    expect(log.of('BackupRestart')).toHaveLength(3);
    const { item, detailsText, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(item.outcome).toEqual({ S: 'ESCALATED' });
    expect(subject).toBe('[job-recovery] ESCALATED');
    for (const fact of ['"attempts":3', '"failedJobId":"failed-job-1"', '"lastAttemptJobId":"retry-job-3"',
      `Backup job failed-job-1 of ${ORDERS_TABLE_ARN} failed again after 3 re-attempts; last error BackupJobFailed`, 'attempt 3 failed: resource busy']) {
      expect(detailsText).toContain(fact);
    }
    expect(JSON.parse(run.cause as string)).toMatchObject({ jobId: 'retry-job-3', statusMessage: 'attempt 3 failed: resource busy' });
  });

  it('a recovered backup gets its rule\'s copies: one StartCopyJob per copy action, with that action\'s destination and Lifecycle (an on-demand backup runs none)', async () => {
    const { handlers, log } = world(['ok']);
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...FIND_RULE, ...attempt('Backup', ['BackupCheckResult', ...WITH_RULE_COPIES]), ...SUCCESS_TAIL]);
    const recoveryPoint = 'arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-1';
    expect(log.of('RuleStartCopyJob')).toEqual(RULE_COPY_ACTIONS.map((action, i) => ({
      RecoveryPointArn: recoveryPoint, SourceBackupVaultName: 'prod-primary', DestinationBackupVaultArn: action.DestinationBackupVaultArn,
      IamRoleArn: BACKUP_ROLE_ARN, IdempotencyToken: `${EXECUTION_NAME}-copy-${i}`, Lifecycle: action.Lifecycle,
    })));
    expect(log.of('RuleWaitForCopyJob').map((w) => w.Item.jobId.S)).toEqual(['rule-copy-0', 'rule-copy-1']);
    const { details } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
    expect(details).toMatchObject({ outcome: 'RECOVERED', jobType: 'BACKUP', newJobId: 'retry-job-1', recoveryPointArn: recoveryPoint });
    expect(details.copies).toEqual(RULE_COPY_ACTIONS.map((action, i) => expect.objectContaining({
      copyJobId: `rule-copy-${i}`, destinationVaultArn: action.DestinationBackupVaultArn, state: 'COMPLETED', source: 'callback',
    })));
  });

  it('a recovered backup whose rule copy fails: COPY_FAILED recorded and notified, naming the re-started job and its recovery point', async () => {
    const { handlers, log } = world(['ok'], { failingRuleCopy: COPY_VAULT_1 });
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('COPY_FAILED');
    expect(run.path).toEqual([...FIND_RULE, ...attempt('Backup', ['BackupCheckResult', ...WITH_RULE_COPIES.slice(0, 3)]), 'RuleCopyFailed', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(log.of('RuleStartCopyJob')).toHaveLength(2);
    // The details may be cut to the audit item's size; the facts that matter come first.
    const { item, detailsText, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(subject).toBe('[job-recovery] COPY_FAILED');
    expect(item.outcome).toEqual({ S: 'COPY_FAILED' });
    for (const fact of ['"stage":"CopyRuleCopyActions"', '"newJobId":"retry-job-1"', '"failedJobId":"failed-job-1"',
      '"recoveryPointArn":"arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-1"',
      'was re-started as retry-job-1 and completed, but a copy of its rule failed: CopyJobFailed']) {
      expect(detailsText).toContain(fact);
    }
  });

  it('a failed backup of a continuous-backup rule: ESCALATED at once (StartBackupJob cannot restart point-in-time backup), nothing started', async () => {
    const { handlers, log } = world(['ok'], { continuous: true });
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('ESCALATED');
    expect(run.path).toEqual([...FIND_RULE, 'ContinuousBackupNotRestartable', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(log.of('BackupRestart')).toEqual([]);
    expect(log.of('RuleStartCopyJob')).toEqual([]);
    const { details, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(subject).toBe('[job-recovery] ESCALATED');
    expect(details).toMatchObject({ outcome: 'ESCALATED', stage: 'RuleIsContinuous', error: 'ContinuousBackupNotRestartable', attempts: 0, continuousBackup: true, backupPlanRuleId: 'rule-daily' });
    expect(run.cause).toContain('Rule rule-daily of backup plan plan-1 makes continuous backups (point-in-time recovery)');
  });

  const copyStart = (n: number, lifecycle?: object) => ({
    RecoveryPointArn: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-source', SourceBackupVaultName: 'prod-primary',
    DestinationBackupVaultArn: COPY_VAULT_1, IamRoleArn: BACKUP_ROLE_ARN, IdempotencyToken: `${EXECUTION_NAME}-attempt-${n}`,
    ...(lifecycle ? { Lifecycle: lifecycle } : {}),
  });

  it('a failed copy job of a plan rule: copied again with the lifecycle of the rule\'s copy action to that vault, RECOVERED on attempt 2', async () => {
    const { handlers, log } = world(['fail', 'ok']);
    const run = await runLocally(definition, FAILED_COPY_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...FIND_COPY_ACTION, 'PickCopyAction',
      ...attempt('Copy', ['CopyAttemptFailed'], 'WithLifecycle'), ...attempt('Copy', ['CopyCheckResult', 'CopyRecovered'], 'WithLifecycle'), ...SUCCESS_TAIL]);
    expect(run.innerPath).toEqual(['IsThisTheRule', 'IsThisTheRule', 'RuleDoesNotMatch', 'RuleMatches',
      'IsThisTheCopyAction', 'IsThisTheCopyAction', 'CopyActionDoesNotMatch', 'CopyActionMatches']);
    expect(run.transitions).toBe(40);
    expect(log.of('DescribeFailedCopyJob')).toEqual([{ CopyJobId: 'failed-copy-1' }]);
    expect(log.of('GetBackupPlan')).toEqual([{ BackupPlanId: 'plan-1', VersionId: 'v-2' }]);
    expect(log.of('CopyRestart')).toEqual([]);
    expect(log.of('CopyRestartWithLifecycle')).toEqual([copyStart(1, COPY_LIFECYCLE), copyStart(2, COPY_LIFECYCLE)]);
    expect(log.of('CopyWaitForJob')[0].Item.jobType).toEqual({ S: 'COPY' });
    const { details } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
    expect(details).toMatchObject({
      outcome: 'RECOVERED', jobType: 'COPY', failedJobId: 'failed-copy-1', newJobId: 'retry-copy-2', attempts: 2,
      lifecycleSource: 'plan copy action', copyActions: [{ DestinationBackupVaultArn: COPY_VAULT_1, Lifecycle: COPY_LIFECYCLE }],
    });
  });

  it('a copy job of a plan rule without a copy action to its vault: copied again without Lifecycle, "none found" recorded', async () => {
    const { handlers, log } = world(['ok'], { copyDestination: OTHER_VAULT });
    const run = await runLocally(definition, FAILED_COPY_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...FIND_COPY_ACTION, 'CopyLifecycleNoneFound', ...attempt('Copy', ['CopyCheckResult', 'CopyRecovered']), ...SUCCESS_TAIL]);
    expect(run.innerPath).toEqual(['IsThisTheRule', 'IsThisTheRule', 'RuleDoesNotMatch', 'RuleMatches',
      'IsThisTheCopyAction', 'IsThisTheCopyAction', 'CopyActionDoesNotMatch', 'CopyActionDoesNotMatch']);
    expect(run.transitions).toBe(35);
    expect(log.of('CopyRestartWithLifecycle')).toEqual([]);
    expect(log.of('CopyRestart')).toEqual([{ ...copyStart(1), DestinationBackupVaultArn: OTHER_VAULT }]);
    const { details } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
    expect(details).toMatchObject({ outcome: 'RECOVERED', jobType: 'COPY', newJobId: 'retry-copy-1', lifecycleSource: 'none found', copyActions: [] });
  });

  it('an on-demand copy job (no CreatedBy): copied again from the source recovery point without Lifecycle, no plan lookup', async () => {
    const { handlers, log } = world(['ok'], { copyCreatedBy: null });
    const run = await runLocally(definition, FAILED_COPY_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...DESCRIBE_COPY, 'CopyLifecycleNoneFound', ...attempt('Copy', ['CopyCheckResult', 'CopyRecovered']), ...SUCCESS_TAIL]);
    expect(run.innerPath).toEqual([]);
    expect(run.transitions).toBe(18);
    expect(log.of('GetBackupPlan')).toEqual([]);
    expect(log.of('CopyRestart')).toEqual([copyStart(1)]);
    const { details } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
    expect(details).toMatchObject({ outcome: 'RECOVERED', jobType: 'COPY', failedJobId: 'failed-copy-1', newJobId: 'retry-copy-1', attempts: 1, lifecycleSource: 'none found' });
  });

  it('a copy job whose rule is not in the plan version: copied again without Lifecycle, "none found"', async () => {
    const { handlers, log } = world(['ok'], { copyCreatedBy: { ...PLAN_CREATED_BY, BackupRuleId: 'rule-gone' } });
    const run = await runLocally(definition, FAILED_COPY_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...DESCRIBE_COPY, 'PlanOfCopyJob', ...LOOKUP, 'CopyLifecycleNoneFound', ...attempt('Copy', ['CopyCheckResult', 'CopyRecovered']), ...SUCCESS_TAIL]);
    expect(run.transitions).toBe(27);
    expect(log.of('CopyRestart')).toEqual([copyStart(1)]);
    expect(outcomeOf(log, 'RecordSuccess', 'NotifySuccess').details).toMatchObject({ lifecycleSource: 'none found' });
  });

  it('a copy job escalated after re-attempts with the plan lifecycle: ESCALATED records the lifecycle source', async () => {
    const { handlers, log } = world(['fail', 'fail', 'fail']);
    const run = await runLocally(definition, FAILED_COPY_EVENT, handlers);
    expect(run.error).toBe('ESCALATED');
    expect(log.of('CopyRestartWithLifecycle')).toHaveLength(3);
    expect(log.of('CopyRestart')).toEqual([]);
    expect(run.path.slice(-4)).toEqual(['CopyEscalate', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').detailsText).toContain('"lifecycleSource":"plan copy action"');
  });

  it('GetBackupPlan failing for a copy job (after retrying throttling): RECOVERY_ERROR recorded and notified, nothing re-started', async () => {
    const throttled = INTEGRATIONS['aws-sdk:backup'].unmodeledName.name;
    const { handlers, log } = world(['ok'], { getBackupPlanError: awsError(throttled, 'Rate exceeded') });
    const run = await runLocally(definition, FAILED_COPY_EVENT, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('RECOVERY_ERROR');
    expect(run.cause).toBe('Rate exceeded');
    expect(run.path).toEqual([...DESCRIBE_COPY, 'PlanOfCopyJob', 'GetBackupPlan', 'GetBackupPlanFailed', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(13);
    expect(run.retries).toEqual([1, 2, 3].map((n) => ({ state: 'GetBackupPlan', attempt: n })));
    expect(log.of('GetBackupPlan')).toHaveLength(4);
    expect([...log.of('CopyRestart'), ...log.of('CopyRestartWithLifecycle')]).toEqual([]);
    const { item, details, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(item.outcome).toEqual({ S: 'RECOVERY_ERROR' });
    expect(subject).toBe('[job-recovery] RECOVERY_ERROR');
    expect(details).toMatchObject({
      outcome: 'RECOVERY_ERROR', stage: 'GetBackupPlan', error: throttled, jobType: 'COPY', failedJobId: 'failed-copy-1',
      resourceArn: ORDERS_TABLE_ARN, backupPlanId: 'plan-1', backupPlanVersion: 'v-2', backupPlanRuleId: 'rule-daily',
    });
  });

  it('GetBackupPlan failing for a backup job: RECOVERY_ERROR names the backup job', async () => {
    const { handlers, log } = world(['ok'], { getBackupPlanError: awsError('Backup.ResourceNotFoundException', 'Plan version not found') });
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.error).toBe('RECOVERY_ERROR');
    expect(run.retries).toEqual([]);
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').details).toMatchObject({ stage: 'GetBackupPlan', jobType: 'BACKUP', failedJobId: 'failed-job-1' });
  });

  it('a rule missing from the plan version: RECOVERY_ERROR recorded and notified', async () => {
    const { handlers, log } = world(['ok']);
    const event = { ...FAILED_BACKUP_EVENT, detail: { ...FAILED_BACKUP_EVENT.detail, createdBy: { ...FAILED_BACKUP_EVENT.detail.createdBy, backupPlanRuleId: 'rule-gone' } } };
    const run = await runLocally(definition, event, handlers);
    expect(run.error).toBe('RECOVERY_ERROR');
    expect(run.path.slice(-5)).toEqual(['RuleFound', 'RuleNotFound', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.cause).toBe('Rule rule-gone is not in version v-2 of backup plan plan-1');
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').item.outcome).toEqual({ S: 'RECOVERY_ERROR' });
  });

  it('the claim of a backup job\'s recovery: a conditional put of recovery#<failed job ID> into the task-token table', async () => {
    const claims = new Map<string, unknown>();
    const { handlers, log } = world(['ok'], { claims });
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    const [put] = log.of('ClaimBackupRecovery');
    expect(put).toEqual({
      TableName: 'backup-prod-task-tokens',
      Item: { jobId: { S: 'recovery#failed-job-1' }, executionArn: { S: EXECUTION_ARN }, expiresAt: { N: expect.stringMatching(/^\d+000$/) } },
      ConditionExpression: 'attribute_not_exists(jobId)',
    });
    expect(Number(put.Item.expiresAt.N)).toBeGreaterThan(Date.now() / 1000 + definition.TimeoutSeconds);
    expect([...claims.keys()]).toEqual(['recovery#failed-job-1']);
    const claimState = definition.States.ClaimBackupRecovery as { Resource: string; Retry: { ErrorEquals: string[] }[]; Catch: { ErrorEquals: string[]; Next: string }[] };
    expect(claimState.Resource).toBe('arn:aws:states:::dynamodb:putItem');
    // The conditional check goes to the Catch at once (first retrier, MaxAttempts 0); throttling is retried.
    expect(claimState.Retry[0]).toEqual({ ErrorEquals: expect.arrayContaining(['DynamoDB.ConditionalCheckFailedException']), MaxAttempts: 0 });
    expect(claimState.Retry[1].ErrorEquals).toEqual(expect.arrayContaining(['DynamoDB.ProvisionedThroughputExceededException', 'DynamoDB.ThrottlingException']));
    expect(claimState.Catch.map((c) => c.Next)).toEqual(['DuplicateBackupEvent', 'ClaimBackupRecoveryFailed']);
    expect(claimState.Catch[0].ErrorEquals).toEqual(['DynamoDB.ConditionalCheckFailedException']);
  });

  it('the same backup failure event delivered twice: the second execution ends DUPLICATE_EVENT, starts nothing, records and notifies nothing', async () => {
    // GIVEN a first execution that claimed the recovery and recovered the job
    const claims = new Map<string, unknown>();
    const first = world(['ok'], { claims });
    expect((await runLocally(definition, FAILED_BACKUP_EVENT, first.handlers)).status).toBe('SUCCEEDED');
    // WHEN the same event starts a second execution
    const { handlers, log } = world(['ok'], { claims });
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    // THEN it succeeds quietly
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual(['Start', 'ReadClock', 'ComputeExpiry', 'ClassifyEvent', 'ClaimBackupRecovery', 'DuplicateBackupEvent']);
    expect(run.transitions).toBe(6);
    expect(run.output).toMatchObject({
      machine: 'job-recovery', outcome: 'DUPLICATE_EVENT', jobType: 'BACKUP', failedJobId: 'failed-job-1', resourceArn: ORDERS_TABLE_ARN,
      executionName: EXECUTION_NAME, executionArn: EXECUTION_ARN,
    });
    expect(log.of('ClaimBackupRecovery')).toHaveLength(1);
    for (const state of ['GetBackupPlan', 'BackupRestart', 'BackupWaitForJob', 'RecordSuccess', 'RecordFailure', 'NotifySuccess', 'NotifyFailure']) {
      expect(log.of(state)).toEqual([]);
    }
  });

  it('the same copy failure event delivered twice: DUPLICATE_EVENT before the failed copy job is even described', async () => {
    const claims = new Map<string, unknown>([['recovery#failed-copy-1', {}]]);
    const { handlers, log } = world(['ok'], { claims });
    const run = await runLocally(definition, FAILED_COPY_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual(['Start', 'ReadClock', 'ComputeExpiry', 'ClassifyEvent', 'ClaimCopyRecovery', 'DuplicateCopyEvent']);
    expect(run.output).toMatchObject({ outcome: 'DUPLICATE_EVENT', jobType: 'COPY', failedJobId: 'failed-copy-1' });
    expect(log.of('ClaimCopyRecovery')[0].Item.jobId).toEqual({ S: 'recovery#failed-copy-1' });
    for (const state of ['DescribeFailedCopyJob', 'CopyRestart', 'CopyRestartWithLifecycle', 'RecordSuccess', 'NotifySuccess', 'RecordFailure', 'NotifyFailure']) {
      expect(log.of(state)).toEqual([]);
    }
  });

  it('a claim put that fails for another reason (after retrying throttling): RECOVERY_ERROR recorded and notified, nothing started', async () => {
    const { handlers, log } = world(['ok'], { claimError: awsError('DynamoDB.ProvisionedThroughputExceededException', 'Throughput exceeded') });
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('RECOVERY_ERROR');
    expect(run.path).toEqual(['Start', 'ReadClock', 'ComputeExpiry', 'ClassifyEvent', 'ClaimBackupRecovery', 'ClaimBackupRecoveryFailed', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(9);
    expect(run.retries).toEqual([1, 2, 3].map((n) => ({ state: 'ClaimBackupRecovery', attempt: n })));
    expect(log.of('BackupRestart')).toEqual([]);
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').details).toMatchObject({
      outcome: 'RECOVERY_ERROR', stage: 'ClaimBackupRecovery', error: 'DynamoDB.ProvisionedThroughputExceededException', failedJobId: 'failed-job-1',
    });
  });

  it('an event it cannot handle: INVALID_EVENT recorded and notified', async () => {
    const { handlers, log } = world([]);
    const run = await runLocally(definition, { 'detail-type': 'Backup Vault State Change', 'detail': {} }, handlers);
    expect(run.error).toBe('INVALID_EVENT');
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').item.resourceArn).toEqual({ S: 'unknown' });
  });
});

describe('job recovery: a re-started job that outlasts the callback timeout is waited for again, in bounded rounds', () => {
  const ROUNDS = 28;
  const round = (kind: string) => (first: boolean) => [`${kind}DescribeJob`, `${kind}JobStatus`, `${kind}${first ? 'First' : 'Next'}Rewait`, `${kind}WaitForJob`];
  const rounds = (n: number, r: (first: boolean) => string[]) => Array.from({ length: n }, (_, i) => r(i === 0)).flat();

  it('the bound: 7 days in waits of 6 hours per attempt; the execution timeout allows every attempt all its rounds', () => {
    expect(jobWaitBound(props)).toEqual({ rounds: ROUNDS, seconds: 7 * 86400 });
    const { delays, jitters } = recoveryBackoff(props);
    expect(definition.TimeoutSeconds).toBe((props.maxAttempts + 1) * 7 * 86400 + delays.reduce((a, d, i) => a + d + jitters[i], 0) + 3600);
  });

  it.each([
    ['1 callback timeout', 2],
    ['2 callback timeouts', 3],
  ])('GIVEN a re-started backup job that outlasts %s WHEN run THEN it is waited for again and RECOVERED on the first attempt', async (_label, n) => {
    const { handlers, log, tokens } = world([{ rounds: n }]);
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...FIND_RULE, ...attempt('Backup', [...rounds(n - 1, round('Backup')), 'BackupCheckResult', ...WITH_RULE_COPIES]), ...SUCCESS_TAIL]);
    // 41: the same recovery (and its two copies) when the first wait gets the event; each extra round adds 4 states.
    expect(run.transitions).toBe(41 + 4 * (n - 1));
    expect(log.of('BackupRestart')).toHaveLength(1);
    expect(log.of('BackupWaitForJob').map((w) => [w.Item.jobId.S, w.ConditionExpression])).toEqual(Array(n).fill(['retry-job-1', TASK_TOKEN_PUT_CONDITION]));
    expect(tokens.puts.every((p) => p.accepted)).toBe(true);
    expect(outcomeOf(log, 'RecordSuccess', 'NotifySuccess').details).toMatchObject({ outcome: 'RECOVERED', attempts: 1, newJobId: 'retry-job-1' });
  });

  it('GIVEN a re-started on-demand copy job that outlasts 1 callback timeout WHEN run THEN it is waited for again and RECOVERED', async () => {
    const { handlers, log } = world([{ rounds: 2 }], { copyCreatedBy: null });
    const run = await runLocally(definition, FAILED_COPY_EVENT, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...DESCRIBE_COPY, 'CopyLifecycleNoneFound', ...attempt('Copy', [...round('Copy')(true), 'CopyCheckResult', 'CopyRecovered']), ...SUCCESS_TAIL]);
    expect(log.of('CopyWaitForJob')).toHaveLength(2);
    expect(outcomeOf(log, 'RecordSuccess', 'NotifySuccess').details).toMatchObject({ outcome: 'RECOVERED', jobType: 'COPY', attempts: 1, newJobId: 'retry-copy-1' });
  });

  it('GIVEN re-started jobs that never finish WHEN run THEN each attempt stops after its last round (the count starts again per attempt), then ESCALATED recorded and notified', async () => {
    const never = { rounds: Infinity };
    const { handlers, log } = world([never, never, never]);
    const run = await runLocally(definition, FAILED_BACKUP_EVENT, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('ESCALATED');
    const perJob = (jobId: string) => log.of('BackupWaitForJob').filter((w) => w.Item.jobId.S === jobId).length;
    expect([1, 2, 3].map((i) => perJob(`retry-job-${i}`))).toEqual([ROUNDS, ROUNDS, ROUNDS]);
    expect(log.of('BackupRestart')).toHaveLength(3);
    const timedOut = ['BackupDescribeJob', 'BackupJobStatus', 'BackupAttemptTimedOut', 'BackupAttemptFailed'];
    const stuck = attempt('Backup', [...rounds(ROUNDS - 1, round('Backup')), ...timedOut]);
    expect(run.path).toEqual([...FIND_RULE, ...stuck, ...stuck, ...stuck, 'BackupEscalate', 'RecordFailure', 'NotifyFailure', 'Failed']);
    const { details, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(details).toMatchObject({
      outcome: 'ESCALATED', attempts: 3, lastAttemptJobId: 'retry-job-3',
      lastError: { Error: 'BackupJobTimedOut', Cause: `Backup job retry-job-3 is still RUNNING after ${ROUNDS} callback waits of 21600 seconds` },
    });
    expect(subject).toBe('[job-recovery] ESCALATED');
  });
});
