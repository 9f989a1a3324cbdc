import type { JsonObject } from './asl-types';
import { definitionKit, type DefinitionKit } from './definition-kit';
import type { JobRecoveryDefinitionProps } from './definition-props';

/* What the pieces of the job-recovery machine share: its name, its props with the definition kit, and the summary fields of the failed job. */

export const JOB_RECOVERY_MACHINE = 'job-recovery';

/** The kind of failed job: the prefix of the states that are built once per kind. */
export type Kind = 'Backup' | 'Copy';

/** The definition kit of the job-recovery machine, with its props. */
export interface RecoveryKit extends DefinitionKit {
  readonly props: JobRecoveryDefinitionProps;
}

export function recoveryKit(props: JobRecoveryDefinitionProps): RecoveryKit {
  return { props, ...definitionKit(props, JOB_RECOVERY_MACHINE) };
}

/** JSONPath of the failed job's ID in the event. */
export const failedJobIdPath = (kind: Kind) => (kind === 'Backup' ? '$.event.detail.backupJobId' : '$.event.detail.copyJobId');

/** Summary fields of the failed job, from its event. */
export const eventFields = (kind: Kind): JsonObject => ({
  'resourceArn.$': '$.event.detail.resourceArn',
  'jobType': kind === 'Backup' ? 'BACKUP' : 'COPY',
  'failedJobId.$': failedJobIdPath(kind),
  'event.$': '$.event',
});

/** Summary fields of the plan lookup, shared by backup and copy jobs (`$.planRef` is set before GetBackupPlan). */
export const lookupFields: JsonObject = {
  'resourceArn.$': '$.event.detail.resourceArn',
  'jobType.$': '$.planRef.jobType',
  'failedJobId.$': '$.planRef.failedJobId',
  'backupPlanId.$': '$.planRef.planId',
  'backupPlanVersion.$': '$.planRef.versionId',
  'backupPlanRuleId.$': '$.planRef.ruleId',
  'event.$': '$.event',
};
