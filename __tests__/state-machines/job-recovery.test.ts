import { jobRecoveryDefinition, recoveryBackoff } from '../../modules/state-machines/job-recovery-definition';
import { awsError, CallLog, EXECUTION_NAME, Handlers, outcomeOf, runLocally, tailHandlers } from '../support/local-state-machine';
import { recoveryProps } from '../support/state-machine-fixtures';

const props = recoveryProps('plain');
const definition = jobRecoveryDefinition(props);
const RESOURCE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';
const VAULT_ARN = 'arn:aws:backup:eu-west-1:111122223333:backup-vault:prod-primary';
const COPY_VAULT = 'arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-copy';
const ROLE = 'arn:aws:iam::111122223333:role/backup-prod-service';

const backupEvent = {
  'version': '0', 'id': 'event-1', 'detail-type': 'Backup Job State Change', 'source': 'aws.backup', 'account': '111122223333',
  'time': '2025-06-01T03:10:00Z', 'region': 'eu-west-1', 'resources': [],
  'detail': {
    backupJobId: 'failed-job-1', backupVaultArn: VAULT_ARN, backupVaultName: 'prod-primary', resourceArn: RESOURCE, resourceType: 'DynamoDB',
    iamRoleArn: ROLE, state: 'FAILED', statusMessage: 'Backup job failed because the table was being updated', creationDate: '2025-06-01T03:00:00Z',
    createdBy: { backupPlanId: 'plan-1', backupPlanArn: 'arn:aws:backup:eu-west-1:111122223333:backup-plan:plan-1', backupPlanVersion: 'v-2', backupPlanRuleId: 'rule-daily' },
  },
};
const copyEvent = {
  ...backupEvent, 'id': 'event-2', 'detail-type': 'Copy Job State Change',
  'detail': {
    copyJobId: 'failed-copy-1', state: 'FAILED', sourceBackupVaultArn: VAULT_ARN, destinationBackupVaultArn: COPY_VAULT, resourceArn: RESOURCE,
    resourceType: 'DynamoDB', iamRoleArn: ROLE, statusMessage: 'Copy job failed: KMS key not accessible',
  },
};

/** Re-attempt outcomes in order: 'ok' completes, 'fail' fails by callback, 'timeout' never calls back (describe says FAILED). */
function world(outcomes: ('ok' | 'fail' | 'timeout')[]): { handlers: Handlers; log: CallLog } {
  const log = new CallLog();
  let started = 0;
  const wait = (jobType: string, jobId: string) => {
    const outcome = outcomes[started - 1] ?? 'fail';
    const job = { jobId, jobType, completedWithIssues: false };
    if (outcome === 'timeout') throw awsError('States.Timeout', 'Task timed out');
    if (outcome === 'fail') throw awsError(`${jobType === 'BACKUP' ? 'Backup' : 'Copy'}JobFailed`, { ...job, state: 'FAILED', statusMessage: `attempt ${started} failed: resource busy` });
    return jobType === 'BACKUP'
      ? { ...job, state: 'COMPLETED', recoveryPointArn: `arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-${started}` }
      : { ...job, state: 'COMPLETED', destinationRecoveryPointArn: `arn:aws:backup:eu-central-1:111122223333:recovery-point:copy-${started}` };
  };
  const handlers: Handlers = {
    GetBackupPlan: () => ({
      BackupPlanId: 'plan-1', VersionId: 'v-2',
      BackupPlan: {
        BackupPlanName: 'prod-standard',
        Rules: [
          { RuleName: 'hourly', RuleId: 'rule-hourly', TargetBackupVaultName: 'prod-primary', ScheduleExpression: 'cron(0 * * * ? *)', Lifecycle: { DeleteAfterDays: 2 } },
          { RuleName: 'daily', RuleId: 'rule-daily', TargetBackupVaultName: 'prod-primary', ScheduleExpression: 'cron(0 3 * * ? *)',
            Lifecycle: { DeleteAfterDays: 35 }, RecoveryPointTags: { tier: 'gold' }, CopyActions: [{ DestinationBackupVaultArn: COPY_VAULT, Lifecycle: { DeleteAfterDays: 35 } }] },
        ],
      },
    }),
    BackupRestart: () => ({ BackupJobId: `retry-job-${++started}`, CreationDate: '2025-06-01T04:00:00Z' }),
    BackupWaitForJob: ({ Item }) => wait('BACKUP', Item.jobId.S),
    BackupDescribeJob: ({ BackupJobId }) => ({ BackupJobId, State: 'FAILED', StatusMessage: 'still busy' }),
    DescribeFailedCopyJob: ({ CopyJobId }) => ({
      CopyJob: { CopyJobId, SourceRecoveryPointArn: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-source', SourceBackupVaultArn: VAULT_ARN,
        DestinationBackupVaultArn: COPY_VAULT, ResourceArn: RESOURCE, State: 'FAILED', StatusMessage: 'KMS key not accessible', IamRoleArn: ROLE },
    }),
    CopyRestart: () => ({ CopyJobId: `retry-copy-${++started}` }),
    CopyWaitForJob: ({ Item }) => wait('COPY', Item.jobId.S),
    CopyDescribeJob: ({ CopyJobId }) => ({ CopyJob: { CopyJobId, State: 'FAILED' } }),
    ...tailHandlers(),
  };
  return { handlers: log.wrap(handlers), log };
}

const FIND_RULE = ['Start', 'ReadClock', 'ComputeExpiry', 'ClassifyEvent', 'GetBackupPlan', 'FindRule', 'CheckRuleFound', 'RuleFound', 'PickRule'];
const attempt = (kind: string, end: string[]) => [`${kind}ComputeBackoff`, `${kind}Backoff`, `${kind}Restart`, `${kind}WaitForJob`, ...end];

describe('job recovery, run locally', () => {
  it('backoff delays double from the initial delay, with jitter of up to half', () => {
    expect(recoveryBackoff(props)).toEqual({ delays: [300, 600, 1200], jitters: [150, 300, 600] });
  });

  it('a failed backup job: the re-attempt succeeds on attempt 2, RECOVERED recorded and notified', async () => {
    const { handlers, log } = world(['fail', 'ok']);
    const run = await runLocally(definition, backupEvent, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...FIND_RULE, ...attempt('Backup', ['BackupAttemptFailed']), ...attempt('Backup', ['BackupCheckResult', 'BackupRecovered']),
      'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(run.innerPath).toEqual(['IsThisTheRule', 'IsThisTheRule', 'RuleDoesNotMatch', 'RuleMatches']);
    expect(run.transitions).toBe(28);
    const starts = log.of('BackupRestart');
    expect(starts).toEqual([1, 2].map((n) => ({
      BackupVaultName: 'prod-primary', ResourceArn: RESOURCE, IamRoleArn: ROLE, IdempotencyToken: `${EXECUTION_NAME}-attempt-${n}`,
      Lifecycle: { DeleteAfterDays: 35 }, RecoveryPointTags: { tier: 'gold' },
    })));
    expect(log.of('GetBackupPlan')).toEqual([{ BackupPlanId: 'plan-1', VersionId: 'v-2' }]);
    const waits = run.entered.filter((e) => e.name === 'BackupBackoff').map((e) => e.input.recovery.waitSeconds);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(300);
    expect(waits[0]).toBeLessThanOrEqual(450);
    expect(waits[1]).toBeGreaterThanOrEqual(600);
    expect(waits[1]).toBeLessThanOrEqual(900);
    const { item, details, subject } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
    expect(item).toMatchObject({ outcome: { S: 'RECOVERED' }, machine: { S: 'job-recovery' }, resourceArn: { S: RESOURCE } });
    expect(details).toMatchObject({ outcome: 'RECOVERED', jobType: 'BACKUP', failedJobId: 'failed-job-1', attempts: 2, newJobId: 'retry-job-2' });
    expect(subject).toBe('[job-recovery] RECOVERED');
    expect(run.output).toEqual(details);
  });

  it('attempts exhausted: ESCALATED recorded and notified, naming job, resource, attempts and the last status message', async () => {
    const { handlers, log } = world(['fail', 'timeout', 'fail']);
    const run = await runLocally(definition, backupEvent, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('ESCALATED');
    expect(run.path).toEqual([...FIND_RULE,
      ...attempt('Backup', ['BackupAttemptFailed']),
      ...attempt('Backup', ['BackupDescribeJob', 'BackupJobStatus', 'BackupAttemptEndedUnsuccessfully', 'BackupAttemptFailed']),
      ...attempt('Backup', ['BackupAttemptFailed']),
      'BackupEscalate', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(35);
    expect(log.of('BackupRestart')).toHaveLength(3);
    const { item, detailsText, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(item.outcome).toEqual({ S: 'ESCALATED' });
    expect(subject).toBe('[job-recovery] ESCALATED');
    for (const fact of ['"attempts":3', '"failedJobId":"failed-job-1"', '"lastAttemptJobId":"retry-job-3"',
      `Backup job failed-job-1 of ${RESOURCE} failed again after 3 re-attempts; last error BackupJobFailed`, 'attempt 3 failed: resource busy']) {
      expect(detailsText).toContain(fact);
    }
    expect(JSON.parse(run.cause as string)).toMatchObject({ jobId: 'retry-job-3', statusMessage: 'attempt 3 failed: resource busy' });
  });

  it('a failed copy job: copied again from the source recovery point, RECOVERED on attempt 1', async () => {
    const { handlers, log } = world(['ok']);
    const run = await runLocally(definition, copyEvent, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual(['Start', 'ReadClock', 'ComputeExpiry', 'ClassifyEvent', 'DescribeFailedCopyJob',
      ...attempt('Copy', ['CopyCheckResult', 'CopyRecovered']), 'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(run.transitions).toBe(15);
    expect(log.of('DescribeFailedCopyJob')).toEqual([{ CopyJobId: 'failed-copy-1' }]);
    expect(log.of('CopyRestart')).toEqual([{
      RecoveryPointArn: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-source', SourceBackupVaultName: 'prod-primary',
      DestinationBackupVaultArn: COPY_VAULT, IamRoleArn: ROLE, IdempotencyToken: `${EXECUTION_NAME}-attempt-1`,
    }]);
    expect(log.of('CopyWaitForJob')[0].Item.jobType).toEqual({ S: 'COPY' });
    const { details } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
    expect(details).toMatchObject({ outcome: 'RECOVERED', jobType: 'COPY', failedJobId: 'failed-copy-1', newJobId: 'retry-copy-1', attempts: 1 });
  });

  it('a rule missing from the plan version: RECOVERY_ERROR recorded and notified', async () => {
    const { handlers, log } = world(['ok']);
    const event = { ...backupEvent, detail: { ...backupEvent.detail, createdBy: { ...backupEvent.detail.createdBy, backupPlanRuleId: 'rule-gone' } } };
    const run = await runLocally(definition, event, handlers);
    expect(run.error).toBe('RECOVERY_ERROR');
    expect(run.path.slice(-5)).toEqual(['RuleFound', 'RuleNotFound', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.cause).toBe('Rule rule-gone is not in version v-2 of backup plan plan-1');
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').item.outcome).toEqual({ S: 'RECOVERY_ERROR' });
  });

  it('an event it cannot handle: INVALID_EVENT recorded and notified', async () => {
    const { handlers, log } = world([]);
    const run = await runLocally(definition, { 'detail-type': 'Backup Vault State Change', 'detail': {} }, handlers);
    expect(run.error).toBe('INVALID_EVENT');
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').item.resourceArn).toEqual({ S: 'unknown' });
  });
});
