import type { TaskAnswers } from './local-execution';
import { SimulatedBackupService } from './simulated-backup-service';

/*
 * The Task states of the polling baseline answered as AWS Backup would, on the simulated clock. Its Wait states run
 * in no time locally (the runner sets them to 0), so each describe advances the job's clock by the Wait that
 * precedes it in the definition: one poll = `pollSeconds` of job time.
 */
export function pollingBaselineAnswers(service: SimulatedBackupService, pollSeconds: number): TaskAnswers {
  return {
    StartBackupJob: () => {
      const jobId = service.start('BACKUP');
      return { BackupJobId: jobId, RecoveryPointArn: service.recoveryPointArn(jobId), IsParent: false };
    },
    DescribeBackupJob: ({ BackupJobId }) => ({ BackupJobId, State: service.describe(BackupJobId, pollSeconds) }),
    StartCopyJob: () => ({ CopyJobId: service.start('COPY'), IsParent: false }),
    DescribeCopyJob: ({ CopyJobId }) => ({ CopyJob: { CopyJobId, State: service.describe(CopyJobId, pollSeconds) } }),
  };
}
