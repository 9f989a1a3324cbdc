import type { TaskAnswers } from './local-execution';
import { stateNamed } from './local-execution';
import { SimulatedBackupService, taskError } from './simulated-backup-service';

/*
 * The Task states of the backup orchestrator answered as AWS would, on the simulated clock: AWS Backup starts and
 * describes jobs; the callback waits (DynamoDB putItem.waitForTaskToken) end either with what the job-callback
 * function sends on the job's event (lambda-src/README.md, "Payloads") or with States.Timeout after the wait's own
 * TimeoutSeconds, read from the definition so the simulation follows whatever the definition says.
 */

interface StatesHolder { readonly States: Record<string, Record<string, unknown>> }

function timeoutOf(definition: StatesHolder, state: string): number {
  const seconds = stateNamed(definition, state).TimeoutSeconds;
  if (typeof seconds !== 'number') throw new Error(`${state} has no TimeoutSeconds: a callback wait without one could wait a year`);
  return seconds;
}

export function orchestratorAnswers(service: SimulatedBackupService, definition: StatesHolder): TaskAnswers {
  const backupTimeout = timeoutOf(definition, 'WaitForBackupJob');
  const copyTimeout = timeoutOf(definition, 'WaitForCopyJob');
  const timedOut = () => taskError('States.Timeout', 'Task timed out');
  return {
    StartBackupJob: () => {
      const jobId = service.start('BACKUP');
      return { BackupJobId: jobId, RecoveryPointArn: service.recoveryPointArn(jobId), IsParent: false };
    },
    WaitForBackupJob: ({ Item }) => {
      const jobId: string = Item.jobId.S;
      if (service.waitForEvent(jobId, backupTimeout) === 'TIMEOUT') throw timedOut();
      return { jobId, jobType: 'BACKUP', state: 'COMPLETED', completedWithIssues: false, recoveryPointArn: service.recoveryPointArn(jobId) };
    },
    DescribeBackupJob: ({ BackupJobId }) => ({ BackupJobId, State: service.describe(BackupJobId), RecoveryPointArn: service.recoveryPointArn(BackupJobId) }),
    StartCopyJob: () => ({ CopyJobId: service.start('COPY'), IsParent: false }),
    WaitForCopyJob: ({ Item }) => {
      const jobId: string = Item.jobId.S;
      if (service.waitForEvent(jobId, copyTimeout) === 'TIMEOUT') throw timedOut();
      return { jobId, jobType: 'COPY', state: 'COMPLETED', completedWithIssues: false, destinationRecoveryPointArn: service.recoveryPointArn(jobId) };
    },
    DescribeCopyJob: ({ CopyJobId }) => {
      const state = service.describe(CopyJobId);
      // DestinationRecoveryPointArn is empty until the copy has COMPLETED.
      return { CopyJob: { CopyJobId, State: state, ...(state === 'COMPLETED' ? { DestinationRecoveryPointArn: service.recoveryPointArn(CopyJobId) } : {}) } };
    },
    RecordSuccess: () => ({}),
    RecordFailure: () => ({}),
    NotifySuccess: () => ({ MessageId: 'bench-message' }),
    NotifyFailure: () => ({ MessageId: 'bench-message' }),
  };
}
