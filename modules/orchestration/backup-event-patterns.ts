/*
 * EventBridge patterns for AWS Backup job events, matching the shapes in the AWS Backup developer guide
 * ("EventBridge"): Backup and Copy jobs report `state`; Restore jobs report `status` (and `state` on some first
 * events), so restore patterns accept both.
 */

export const BACKUP_JOB = 'Backup Job State Change';
export const COPY_JOB = 'Copy Job State Change';
export const RESTORE_JOB = 'Restore Job State Change';

/** States after which a job never changes again. PARTIAL: a composite job where some children failed. */
export const TERMINAL_JOB_STATES = ['ABORTED', 'COMPLETED', 'EXPIRED', 'FAILED', 'PARTIAL'] as const;

const SOURCE = ['aws.backup'];

/** Every terminal backup, copy or restore job: releases the task tokens of waiting state machines. */
export function terminalJobPattern(): Record<string, unknown> {
  return {
    source: SOURCE,
    'detail-type': [BACKUP_JOB, COPY_JOB, RESTORE_JOB],
    detail: { $or: [{ state: [...TERMINAL_JOB_STATES] }, { status: [...TERMINAL_JOB_STATES] }] },
  };
}

/** Every state change of every job: the audit trail. */
export function allJobChangesPattern(): Record<string, unknown> {
  return { source: SOURCE, 'detail-type': [BACKUP_JOB, COPY_JOB, RESTORE_JOB] };
}

/**
 * Completed backup and copy jobs of this environment's plans (by plan ID): their new recovery points get tagged.
 * Recovery points of other tools' plans keep their own tags.
 */
export function completedRecoveryPointPattern(planIds: readonly string[]): Record<string, unknown> {
  if (planIds.length === 0) throw new Error('completedRecoveryPointPattern: needs at least one plan ID; got none');
  return { source: SOURCE, 'detail-type': [BACKUP_JOB, COPY_JOB], detail: { state: ['COMPLETED'], createdBy: { backupPlanId: [...planIds] } } };
}

/**
 * Failed jobs of this environment's plans only (by plan ID), the ones a re-attempt can fix: FAILED or EXPIRED backup
 * jobs, FAILED copy jobs (a copy job has no EXPIRED or ABORTED state: CopyJobState in the service model is CREATED,
 * RUNNING, COMPLETED, FAILED, PARTIAL), and backup jobs COMPLETED with issues (a non-empty status message).
 * Not ABORTED: a backup job is aborted by someone (StopBackupJob) or by AWS Backup for a reason a re-run repeats, and
 * re-starting what a person stopped overrides them. Not copies "completed with issues": "Completed with issues ... is
 * only specific to backup jobs" (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html), so the
 * branch needs `backupJobId`, a field of Backup Job State Change events only.
 */
export function failedPlanJobPattern(planIds: readonly string[]): Record<string, unknown> {
  if (planIds.length === 0) throw new Error('failedPlanJobPattern: needs at least one plan ID; got none');
  return {
    source: SOURCE,
    'detail-type': [BACKUP_JOB, COPY_JOB],
    detail: {
      createdBy: { backupPlanId: [...planIds] },
      $or: [{ state: ['FAILED', 'EXPIRED'] }, { state: ['COMPLETED'], statusMessage: [{ 'anything-but': [''] }], backupJobId: [{ exists: true }] }],
    },
  };
}

/**
 * Completed restore jobs of these restore testing plans (this environment's, by ARN) and of resource types the
 * validator checks: the restore validator answers them. Restore testing plans of others in the account and Region,
 * and types it would only skip, never reach it.
 */
export function restoreTestingCompletedPattern(planArns: readonly string[], resourceTypes: readonly string[]): Record<string, unknown> {
  if (planArns.length === 0) throw new Error('restoreTestingCompletedPattern needs at least one restore testing plan ARN');
  if (resourceTypes.length === 0) throw new Error('restoreTestingCompletedPattern needs at least one resource type');
  return {
    source: SOURCE,
    'detail-type': [RESTORE_JOB],
    detail: { restoreTestingPlanArn: [...planArns], resourceType: [...resourceTypes], $or: [{ status: ['COMPLETED'] }, { state: ['COMPLETED'] }] },
  };
}
