import type {
  DescribeBackupJobOutput, DescribeCopyJobOutput, GetRecoveryPointRestoreMetadataOutput, StartBackupJobOutput, StartCopyJobOutput, StartRestoreJobOutput,
} from '@aws-sdk/client-backup';
import type { AwsJson } from './aws-json';
import { DEFAULT_RETRY_POLICY } from '../../../modules/orchestration/backup-orchestration';
import type { StateMachineDefinition } from '../../../modules/orchestration/state-machines/asl-types';
import { BACKUP_ORCHESTRATOR_MACHINE, backupOrchestratorDefinition } from '../../../modules/orchestration/state-machines/backup-orchestrator-definition';
import { DR_DRILL_MACHINE, drDrillDefinition } from '../../../modules/orchestration/state-machines/dr-drill-definition';
import { JOB_RECOVERY_MACHINE, jobRecoveryDefinition } from '../../../modules/orchestration/state-machines/job-recovery-definition';
import {
  BACKUP_ROLE_ARN,
  COPY_VAULT_1,
  COPY_VAULT_2,
  drillProps,
  FAILED_BACKUP_EVENT,
  FAILED_COPY_EVENT,
  FIXTURE_ACCOUNT,
  orchestratorProps,
  ORDERS_TABLE_ARN,
  PLAN_CREATED_BY,
  planOfFailedJobs,
  PRIMARY_VAULT_ARN,
  recoveryProps,
} from './fixtures';
import { awsError, EXECUTION_NAME, type Handlers, tailHandlers } from './local-state-machine';

/*
 * The scenario worlds of the fault matrix: per machine, the definition (fixture props with the production retry
 * policy, so retry counts are the deployed ones) and scenarios, each an input plus handlers answering as AWS
 * Backup, DynamoDB, Lambda, SNS and the job-callback function would. Without a fault every scenario ends as it
 * declares (`expected`); the matrix injects a fault into one Task state of the first scenario that calls it.
 * A Task state no scenario calls fails the matrix: add a scenario here.
 */

export interface Scenario {
  readonly name: string;
  readonly input: unknown;
  readonly handlers: () => Handlers;
  /** How the run ends without a fault: SUCCEEDED, or the Error of the Fail state. */
  readonly expected: string;
}

export interface MachineWorld {
  readonly machine: string;
  readonly title: string;
  readonly definition: StateMachineDefinition;
  readonly scenarios: readonly Scenario[];
}

const recoveryPoint = (id: string, region = 'eu-west-1') => `arn:aws:backup:${region}:${FIXTURE_ACCOUNT}:recovery-point:${id}`;
const put = () => ({ SdkHttpMetadata: { HttpStatusCode: 200 } });
const timedOut = () => awsError('States.Timeout', 'Task timed out');

/**
 * Wait rounds per job, for the 'second-round' scenarios: each job's first callback wait times out with the job still
 * RUNNING (its describe says so), the second wait gets the job's event.
 */
function secondRound(enabled: boolean): { timesOut: (jobId: string) => boolean; running: (jobId: string) => boolean } {
  const waits = new Map<string, number>();
  return {
    timesOut: (jobId) => {
      waits.set(jobId, (waits.get(jobId) ?? 0) + 1);
      return enabled && waits.get(jobId) === 1;
    },
    running: (jobId) => enabled && (waits.get(jobId) ?? 0) < 2,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Backup orchestrator: an on-demand backup of one resource with the default rule (two copies).
// ---------------------------------------------------------------------------------------------------------------

function orchestratorHandlers(waits: 'callback' | 'timeout' | 'backup-fails' | 'second-round'): Handlers {
  const backupJob = 'backup-job-1';
  const rounds = secondRound(waits === 'second-round');
  // The copy job ID follows the item's idempotency token (`<execution>-copy-<index>`): each item has its own.
  const copyJob = (token: string) => `copy-job-${token.split('-').pop()}`;
  return {
    StartBackupJob: () => ({ BackupJobId: backupJob, CreationDate: '2025-06-01T10:00:00.000Z', IsParent: false } satisfies AwsJson<StartBackupJobOutput>),
    WaitForBackupJob: ({ Item }) => {
      const job = { jobId: Item.jobId.S, jobType: 'BACKUP', completedWithIssues: false };
      if (waits === 'timeout' || rounds.timesOut(job.jobId)) throw timedOut();
      if (waits === 'backup-fails') throw awsError('BackupJobFailed', { ...job, state: 'FAILED', statusMessage: 'The resource was being modified.' });
      return { ...job, state: 'COMPLETED', recoveryPointArn: recoveryPoint('rp-1') };
    },
    DescribeBackupJob: ({ BackupJobId }) => ({ BackupJobId, State: rounds.running(BackupJobId) ? 'RUNNING' : 'COMPLETED', RecoveryPointArn: recoveryPoint('rp-1'), ResourceArn: ORDERS_TABLE_ARN } satisfies AwsJson<DescribeBackupJobOutput>),
    StartCopyJob: ({ IdempotencyToken }) => ({ CopyJobId: copyJob(IdempotencyToken), IsParent: false } satisfies AwsJson<StartCopyJobOutput>),
    WaitForCopyJob: ({ Item }) => {
      if (waits === 'timeout' || rounds.timesOut(Item.jobId.S)) throw timedOut();
      return { jobId: Item.jobId.S, jobType: 'COPY', state: 'COMPLETED', destinationRecoveryPointArn: recoveryPoint(Item.jobId.S, 'eu-central-1') };
    },
    DescribeCopyJob: ({ CopyJobId }) => (rounds.running(CopyJobId)
      ? { CopyJob: { CopyJobId, State: 'RUNNING' } } satisfies AwsJson<DescribeCopyJobOutput>
      : { CopyJob: { CopyJobId, State: 'COMPLETED', DestinationRecoveryPointArn: recoveryPoint(CopyJobId, 'eu-central-1') } } satisfies AwsJson<DescribeCopyJobOutput>),
    ...tailHandlers(),
  };
}

export function orchestratorWorld(): MachineWorld {
  const props = { ...orchestratorProps('plain'), retry: DEFAULT_RETRY_POLICY };
  const input = { resourceArn: ORDERS_TABLE_ARN, reason: 'before schema migration' };
  const copies = props.rules.find((r) => r.key === props.defaultRuleKey)?.copies.map((c) => c.destinationVaultArn);
  if (JSON.stringify(copies) !== JSON.stringify([COPY_VAULT_1, COPY_VAULT_2])) throw new Error('fault matrix: the default fixture rule must copy to two vaults');
  return {
    machine: BACKUP_ORCHESTRATOR_MACHINE,
    title: 'Backup orchestrator',
    definition: backupOrchestratorDefinition(props),
    scenarios: [
      { name: 'backup, then its 2 copies, each completed by callback', input, handlers: () => orchestratorHandlers('callback'), expected: 'SUCCEEDED' },
      { name: 'no callback arrives: each job is described once and found COMPLETED', input, handlers: () => orchestratorHandlers('timeout'), expected: 'SUCCEEDED' },
      { name: 'the backup job fails (callback)', input, handlers: () => orchestratorHandlers('backup-fails'), expected: 'BACKUP_FAILED' },
      {
        name: 'each job outlasts its first callback wait: described RUNNING, its token stored again, completed by callback in the second round',
        input, handlers: () => orchestratorHandlers('second-round'), expected: 'SUCCEEDED',
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Job recovery: a failed scheduled backup or copy job, re-attempted.
// ---------------------------------------------------------------------------------------------------------------

const COPY_DESTINATION = FAILED_COPY_EVENT.detail.destinationBackupVaultArn;

interface RecoveryOptions {
  /**
   * How each re-attempt's wait ends: its callback (completed or failed), a timeout (the describe finds it COMPLETED),
   * or a first wait that times out with the job RUNNING and a second that gets the callback.
   */
  readonly attempts: 'ok' | 'fail' | 'timeout' | 'second-round';
  /** The failed copy job was started by a plan rule (CreatedBy), or on demand. */
  readonly copyCreatedBy?: 'plan' | 'on-demand';
}

function recoveryHandlers(o: RecoveryOptions): Handlers {
  // A re-attempt's job ID follows its idempotency token (`<execution>-attempt-<n>`).
  const attempt = (token: string) => token.split('-').pop();
  const rounds = secondRound(o.attempts === 'second-round');
  const wait = (jobType: 'BACKUP' | 'COPY') => ({ Item }: { Item: { jobId: { S: string } } }) => {
    const job = { jobId: Item.jobId.S, jobType, completedWithIssues: false };
    if (o.attempts === 'timeout' || rounds.timesOut(job.jobId)) throw timedOut();
    if (o.attempts === 'fail') throw awsError(jobType === 'BACKUP' ? 'BackupJobFailed' : 'CopyJobFailed', { ...job, state: 'FAILED', statusMessage: 'resource busy' });
    return jobType === 'BACKUP'
      ? { ...job, state: 'COMPLETED', recoveryPointArn: recoveryPoint(job.jobId) }
      : { ...job, state: 'COMPLETED', destinationRecoveryPointArn: recoveryPoint(job.jobId, 'eu-central-1') };
  };
  return {
    ClaimBackupRecovery: put,
    ClaimCopyRecovery: put,
    GetBackupPlan: () => planOfFailedJobs([{ DestinationBackupVaultArn: COPY_DESTINATION, Lifecycle: { DeleteAfterDays: 90 } }]),
    BackupRestart: ({ IdempotencyToken }) => ({ BackupJobId: `retry-job-${attempt(IdempotencyToken)}`, CreationDate: '2025-06-01T04:00:00Z' } satisfies AwsJson<StartBackupJobOutput>),
    BackupWaitForJob: wait('BACKUP'),
    BackupDescribeJob: ({ BackupJobId }) => ({ BackupJobId, State: rounds.running(BackupJobId) ? 'RUNNING' : 'COMPLETED', RecoveryPointArn: recoveryPoint(BackupJobId) } satisfies AwsJson<DescribeBackupJobOutput>),
    DescribeFailedCopyJob: ({ CopyJobId }) => ({
      CopyJob: {
        CopyJobId, SourceRecoveryPointArn: recoveryPoint('rp-source'), SourceBackupVaultArn: PRIMARY_VAULT_ARN, DestinationBackupVaultArn: COPY_DESTINATION,
        ResourceArn: ORDERS_TABLE_ARN, State: 'FAILED', StatusMessage: 'KMS key not accessible', IamRoleArn: BACKUP_ROLE_ARN,
        ...(o.copyCreatedBy === 'plan' ? { CreatedBy: PLAN_CREATED_BY } : {}),
      },
    } satisfies AwsJson<DescribeCopyJobOutput>),
    CopyRestart: ({ IdempotencyToken }) => ({ CopyJobId: `retry-copy-${attempt(IdempotencyToken)}` } satisfies AwsJson<StartCopyJobOutput>),
    CopyRestartWithLifecycle: ({ IdempotencyToken }) => ({ CopyJobId: `retry-copy-${attempt(IdempotencyToken)}` } satisfies AwsJson<StartCopyJobOutput>),
    // The copies of a recovered backup (its rule's copy actions): waited for like the re-started jobs.
    RuleStartCopyJob: ({ IdempotencyToken }) => ({ CopyJobId: `rule-copy-${attempt(IdempotencyToken)}` } satisfies AwsJson<StartCopyJobOutput>),
    RuleWaitForCopyJob: wait('COPY'),
    RuleDescribeCopyJob: ({ CopyJobId }) => (rounds.running(CopyJobId)
      ? { CopyJob: { CopyJobId, State: 'RUNNING' } } satisfies AwsJson<DescribeCopyJobOutput>
      : { CopyJob: { CopyJobId, State: 'COMPLETED', DestinationRecoveryPointArn: recoveryPoint(CopyJobId, 'eu-central-1') } } satisfies AwsJson<DescribeCopyJobOutput>),
    CopyWaitForJob: wait('COPY'),
    CopyDescribeJob: ({ CopyJobId }) => (rounds.running(CopyJobId)
      ? { CopyJob: { CopyJobId, State: 'RUNNING' } } satisfies AwsJson<DescribeCopyJobOutput>
      : { CopyJob: { CopyJobId, State: 'COMPLETED', DestinationRecoveryPointArn: recoveryPoint(CopyJobId, 'eu-central-1') } } satisfies AwsJson<DescribeCopyJobOutput>),
    ...tailHandlers(),
  };
}

export function recoveryWorld(): MachineWorld {
  const props = { ...recoveryProps('plain'), retry: DEFAULT_RETRY_POLICY };
  return {
    machine: JOB_RECOVERY_MACHINE,
    title: 'Job recovery',
    definition: jobRecoveryDefinition(props),
    scenarios: [
      { name: 'a failed backup job of a plan rule, recovered by the first re-attempt', input: FAILED_BACKUP_EVENT, handlers: () => recoveryHandlers({ attempts: 'ok' }), expected: 'SUCCEEDED' },
      {
        name: 'a failed copy job of a plan rule, copied again with its copy action\'s lifecycle, recovered by the first re-attempt',
        input: FAILED_COPY_EVENT, handlers: () => recoveryHandlers({ attempts: 'ok', copyCreatedBy: 'plan' }), expected: 'SUCCEEDED',
      },
      { name: 'a failed on-demand copy job, recovered by the first re-attempt', input: FAILED_COPY_EVENT, handlers: () => recoveryHandlers({ attempts: 'ok', copyCreatedBy: 'on-demand' }), expected: 'SUCCEEDED' },
      { name: 'a failed backup job; no callback arrives, the describe finds the new job COMPLETED', input: FAILED_BACKUP_EVENT, handlers: () => recoveryHandlers({ attempts: 'timeout' }), expected: 'SUCCEEDED' },
      {
        name: 'a failed on-demand copy job; no callback arrives, the describe finds the new job COMPLETED',
        input: FAILED_COPY_EVENT, handlers: () => recoveryHandlers({ attempts: 'timeout', copyCreatedBy: 'on-demand' }), expected: 'SUCCEEDED',
      },
      { name: `a failed backup job whose ${recoveryProps().maxAttempts} re-attempts all fail`, input: FAILED_BACKUP_EVENT, handlers: () => recoveryHandlers({ attempts: 'fail' }), expected: 'ESCALATED' },
      {
        name: 'a failed backup job whose re-started job outlasts its first callback wait: described RUNNING, waited for again, completed by callback',
        input: FAILED_BACKUP_EVENT, handlers: () => recoveryHandlers({ attempts: 'second-round' }), expected: 'SUCCEEDED',
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// DR drill: restore the latest recovery point of a table, validate, clean up.
// ---------------------------------------------------------------------------------------------------------------

function drillHandlers(restore: 'callback' | 'timeout' | 'fails' | 'second-round' | 'aurora'): Handlers {
  const rounds = secondRound(restore === 'second-round');
  const rp = recoveryPoint('rp-latest');
  const restored = restore === 'aurora'
    ? `arn:aws:rds:eu-west-1:${FIXTURE_ACCOUNT}:cluster:drill-${EXECUTION_NAME}`
    : `arn:aws:dynamodb:eu-west-1:${FIXTURE_ACCOUNT}:table/orders-drill-${EXECUTION_NAME}`;
  return {
    FindRecoveryPoint: () => ({ StatusCode: 200, Payload: { recoveryPointArn: rp, backupVaultName: 'prod-primary', creationDate: '2025-05-31T03:00:00Z', resourceType: 'DynamoDB' } }),
    GetRestoreMetadata: () => ({ BackupVaultArn: PRIMARY_VAULT_ARN, RecoveryPointArn: rp, RestoreMetadata: { targetTableName: 'orders', encryptionType: 'Default' } } satisfies AwsJson<GetRecoveryPointRestoreMetadataOutput>),
    PlanRestore: () => ({ StatusCode: 200, Payload: { metadata: { targetTableName: `orders-drill-${EXECUTION_NAME}`, encryptionType: 'Default' } } }),
    StartRestoreJob: () => ({ RestoreJobId: 'restore-job-1' } satisfies AwsJson<StartRestoreJobOutput>),
    WaitForRestoreJob: ({ Item }) => {
      const job = { jobId: Item.jobId.S, jobType: 'RESTORE', completedWithIssues: false };
      if (restore === 'timeout' || rounds.timesOut(job.jobId)) throw timedOut();
      if (restore === 'fails') throw awsError('RestoreJobFailed', { ...job, state: 'FAILED', statusMessage: 'Table name already exists' });
      return { ...job, state: 'COMPLETED', createdResourceArn: restored, completionDate: '2025-06-01T10:20:00Z' };
    },
    DescribeRestoreJob: ({ RestoreJobId }) => (rounds.running(RestoreJobId)
      ? { RestoreJobId, Status: 'RUNNING' }
      : { RestoreJobId, Status: 'COMPLETED', CreatedResourceArn: restored }),
    // An Aurora drill adds a writer instance to the restored cluster (the validator function creates it).
    CreateAuroraWriter: () => ({ StatusCode: 200, Payload: { dbInstanceArn: `arn:aws:rds:eu-west-1:${FIXTURE_ACCOUNT}:db:drill-${EXECUTION_NAME}`, dbInstanceIdentifier: `drill-${EXECUTION_NAME}`, dbInstanceClass: 'db.r6g.large' } }),
    ValidateRestore: () => ({ StatusCode: 200, Payload: { validationStatus: 'SUCCESSFUL', message: 'item count 1042', readyAt: '2025-06-01T10:21:00.000Z' } }),
    CleanUp: ({ Payload }) => ({ StatusCode: 200, Payload: { deleted: true, createdResourceArn: Payload.createdResourceArn, recoveryTimeSeconds: 1210 } }),
    ...tailHandlers(),
  };
}

export function drillWorld(): MachineWorld {
  const props = { ...drillProps('plain'), retry: DEFAULT_RETRY_POLICY };
  const input = { drillName: 'orders-monthly', resourceArn: ORDERS_TABLE_ARN, resourceType: 'DynamoDB', targetRecoverySeconds: 3600 };
  return {
    machine: DR_DRILL_MACHINE,
    title: 'DR drill',
    definition: drDrillDefinition(props),
    scenarios: [
      { name: 'a drill that restores, validates and cleans up', input, handlers: () => drillHandlers('callback'), expected: 'SUCCEEDED' },
      { name: 'no restore callback arrives: the describe finds the job COMPLETED', input, handlers: () => drillHandlers('timeout'), expected: 'SUCCEEDED' },
      { name: 'the restore job fails (callback)', input, handlers: () => drillHandlers('fails'), expected: 'DRILL_FAILED' },
      {
        name: 'the restore job outlasts its first callback wait: described RUNNING, waited for again, completed by callback',
        input, handlers: () => drillHandlers('second-round'), expected: 'SUCCEEDED',
      },
      {
        name: 'an Aurora drill: the restored cluster gets a writer instance, is validated and cleaned up',
        input: { ...input, resourceArn: `arn:aws:rds:eu-west-1:${FIXTURE_ACCOUNT}:cluster:orders-aurora`, resourceType: 'Aurora' },
        handlers: () => drillHandlers('aurora'), expected: 'SUCCEEDED',
      },
    ],
  };
}

export function machineWorlds(): MachineWorld[] {
  return [orchestratorWorld(), recoveryWorld(), drillWorld()];
}
