/*
 * Error names the functions and the job callbacks raise to the state machines, which catch and retry them by these
 * names: one list both sides import (this file imports nothing, so the definitions can read it without pulling in a
 * function's dependencies).
 */

/** What SendTaskFailure reports when a waited-for job ends in another state than COMPLETED, per job type. */
export const JOB_FAILED_ERRORS = { BACKUP: 'BackupJobFailed', COPY: 'CopyJobFailed', RESTORE: 'RestoreJobFailed' } as const;

/** The restore planner found no COMPLETED recovery point to restore. */
export const NO_RECOVERY_POINT_FOUND = 'NoRecoveryPointFound';

/** The clean-up started deleting something that takes time (e.g. EFS mount targets): call it again later. */
export const CLEANUP_IN_PROGRESS = 'CleanupInProgress';

/**
 * What a drill restored exists but is not usable yet (an RDS instance still `modifying` or `backing-up` right after the
 * restore job, an Aurora cluster's new writer instance still `creating`): validate again later.
 */
export const RESTORED_RESOURCE_NOT_READY = 'RestoredResourceNotReady';

/** Every name above. */
export const TASK_ERROR_NAMES: readonly string[] = [...Object.values(JOB_FAILED_ERRORS), NO_RECOVERY_POINT_FOUND, CLEANUP_IN_PROGRESS, RESTORED_RESOURCE_NOT_READY];
