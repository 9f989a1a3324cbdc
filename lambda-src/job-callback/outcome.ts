import type { JobType, NormalizedJob } from '../shared/events';
import { JOB_FAILED_ERRORS } from '../../config/function-contract/task-errors';

/** What a waiting state machine receives: the output of SendTaskSuccess, or the cause of SendTaskFailure. */
export interface JobOutcome {
  jobId: string;
  jobType: JobType;
  state: string;
  /**
   * A backup job COMPLETED with a status message: the console's "Completed with issues", which AWS defines for backup
   * jobs only (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html: "Please note this is only
   * specific to backup jobs"); a copy or restore job's status message does not make it one.
   */
  completedWithIssues: boolean;
  recoveryPointArn?: string;
  destinationRecoveryPointArn?: string;
  createdResourceArn?: string;
  statusMessage?: string;
  completionDate?: string;
}

export const FAILURE_ERRORS: Readonly<Record<JobType, string>> = JOB_FAILED_ERRORS;

export function outcomeOf(job: NormalizedJob): JobOutcome {
  const outcome: JobOutcome = {
    jobId: job.jobId,
    jobType: job.jobType,
    state: job.state,
    completedWithIssues: job.jobType === 'BACKUP' && job.state === 'COMPLETED' && job.statusMessage !== undefined && job.statusMessage !== '',
    recoveryPointArn: job.recoveryPointArn,
    destinationRecoveryPointArn: job.destinationRecoveryPointArn,
    createdResourceArn: job.createdResourceArn,
    statusMessage: job.statusMessage,
    completionDate: job.completionDate,
  };
  // Absent fields stay absent rather than null, so the state machine's JSONPath / JSONata sees a clean object.
  return Object.fromEntries(Object.entries(outcome).filter(([, value]) => value !== undefined)) as unknown as JobOutcome;
}

/** Only COMPLETED releases the waiting state with success; PARTIAL, FAILED, ABORTED and EXPIRED fail it. */
export function isSuccess(outcome: JobOutcome): boolean {
  return outcome.state === 'COMPLETED';
}
