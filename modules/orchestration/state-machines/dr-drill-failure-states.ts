import type { State } from './asl-types';
import { waitedText } from './job-wait-bound';
import { beforeRestore, drill, nothingToCleanUp, restoreFields, restoreOutcomeUnknown, type DrillKit } from './dr-drill-context';

/** The failures before and during the restore, each saying whether anything is left to clean up by hand. */
export function restoreFailureStates(k: DrillKit): Record<string, State> {
  const { props, fail, caught } = k;
  return {
    ...fail('InvalidRequest', {
      outcome: 'INVALID_REQUEST', stage: 'ValidateRequest', error: 'InvalidRequest',
      cause: 'The request must carry drillName, resourceArn and resourceType (strings); targetRecoverySeconds, when given, must be a number.',
      fields: { 'resourceArn': 'unknown', 'request.$': '$.input' },
    }),
    ...caught('NoRecoveryPoint', 'FindRecoveryPoint', { ...drill, ...nothingToCleanUp }),
    ...caught('FindRecoveryPointFailed', 'FindRecoveryPoint', { ...drill, ...nothingToCleanUp }),
    ...caught('GetRestoreMetadataFailed', 'GetRestoreMetadata', beforeRestore),
    ...caught('PlanRestoreFailed', 'PlanRestore', beforeRestore),
    ...caught('StartRestoreJobFailed', 'StartRestoreJob', beforeRestore),
    ...caught('RestoreJobFailed', 'WaitForRestoreJob', { ...restoreFields, ...nothingToCleanUp }),
    ...fail('RestoreJobFailedPerDescribe', {
      outcome: 'DRILL_FAILED', stage: 'DescribeRestoreJob', error: 'RestoreJobFailed', causeIsExpression: true,
      cause: "States.Format('Restore job {} ended {}', $.restoreJob.restoreJobId, $.describedRestore.Status)",
      fields: { ...restoreFields, 'describedJob.$': '$.describedRestore', ...nothingToCleanUp },
    }),
    ...fail('RestoreTimedOut', {
      outcome: 'DRILL_FAILED', stage: 'DescribeRestoreJob', error: 'RestoreJobTimedOut', causeIsExpression: true,
      cause: `States.Format('Restore job {} is still {} ${waitedText(props)}', $.restoreJob.restoreJobId, $.describedRestore.Status)`,
      fields: { ...restoreFields, cleanup: 'NOT_DONE: the restore job is still running; whatever it creates must be deleted by hand (see restoreJobId).' },
    }),
    ...caught('WaitForRestoreJobFailed', 'WaitForRestoreJob', restoreOutcomeUnknown),
    ...caught('DescribeRestoreJobFailed', 'DescribeRestoreJob', restoreOutcomeUnknown),
  };
}
