import type { State } from './asl-types';
import { jobWaitStates } from './job-wait-states';
import { catchAll } from './retry-and-catch';
import { JOB_FAILED_ERRORS, NO_RECOVERY_POINT_FOUND } from '../../../config/function-contract/task-errors';
import { auroraWriterStates } from './dr-drill-aurora-writer';
import type { DrillKit } from './dr-drill-context';

/**
 * The restore: the latest recovery point (restore planner), its restore metadata, the planned metadata, the restore
 * job waited for by callback (see `jobWaitStates`), and an Aurora cluster's writer (dr-drill-aurora-writer.ts).
 * Then ValidateRestore; a failed writer creation goes to CleanUp.
 */
export function restoreStates(k: DrillKit): Record<string, State> {
  const { props, arn, retry, invoke } = k;
  return {
    FindRecoveryPoint: {
      ...invoke(props.restorePlannerFunctionArn, { 'action': 'latest-recovery-point', 'resourceArn.$': '$.request.resourceArn', 'vaultName.$': '$.request.vaultName' }),
      ResultSelector: {
        'recoveryPointArn.$': '$.Payload.recoveryPointArn',
        'backupVaultName.$': '$.Payload.backupVaultName',
        'creationDate.$': '$.Payload.creationDate',
      },
      ResultPath: '$.recoveryPoint',
      Catch: [{ ErrorEquals: [NO_RECOVERY_POINT_FOUND], ResultPath: '$.error', Next: 'NoRecoveryPoint' }, catchAll('FindRecoveryPointFailed')],
      Next: 'GetRestoreMetadata',
    },
    GetRestoreMetadata: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:getRecoveryPointRestoreMetadata'),
      Parameters: { 'BackupVaultName.$': '$.recoveryPoint.backupVaultName', 'RecoveryPointArn.$': '$.recoveryPoint.recoveryPointArn' },
      ResultSelector: { 'restoreMetadata.$': '$.RestoreMetadata' },
      ResultPath: '$.restoreMetadata',
      Retry: retry('aws-sdk:backup:getRecoveryPointRestoreMetadata'),
      Catch: [catchAll('GetRestoreMetadataFailed')],
      Next: 'PlanRestore',
    },
    PlanRestore: {
      ...invoke(props.restorePlannerFunctionArn, {
        'action': 'restore-metadata',
        'resourceType.$': '$.request.resourceType',
        'resourceArn.$': '$.request.resourceArn',
        'recoveryPointArn.$': '$.recoveryPoint.recoveryPointArn',
        'restoreMetadata.$': '$.restoreMetadata.restoreMetadata',
        'overrides.$': '$.request.restoreMetadataOverrides',
        'drillId.$': '$$.Execution.Name',
      }),
      ResultSelector: { 'metadata.$': '$.Payload.metadata' },
      ResultPath: '$.restorePlan',
      Catch: [catchAll('PlanRestoreFailed')],
      Next: 'StartRestoreJob',
    },
    StartRestoreJob: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:startRestoreJob'),
      Parameters: {
        'RecoveryPointArn.$': '$.recoveryPoint.recoveryPointArn',
        'Metadata.$': '$.restorePlan.metadata',
        'IamRoleArn': props.restoreRoleArn,
        'ResourceType.$': '$.request.resourceType',
        'IdempotencyToken.$': '$$.Execution.Name',
      },
      ResultSelector: { 'restoreJobId.$': '$.RestoreJobId' },
      ResultPath: '$.restoreJob',
      Retry: retry('aws-sdk:backup:startRestoreJob'),
      Catch: [catchAll('StartRestoreJobFailed')],
      Next: 'WaitForRestoreJob',
    },
    ...jobWaitStates(props, {
      names: {
        wait: 'WaitForRestoreJob', check: 'CheckRestoreResult', describe: 'DescribeRestoreJob', status: 'RestoreJobStatus',
        firstRewait: 'FirstRestoreRewait', nextRewait: 'NextRestoreRewait',
      },
      jobType: 'RESTORE',
      jobIdPath: '$.restoreJob.restoreJobId',
      roundPath: '$.restoreWait',
      callback: { resultPath: '$.restoreResult', requiredFields: ['createdResourceArn'] },
      describe: { integration: 'aws-sdk:backup:describeRestoreJob', parameters: { 'RestoreJobId.$': '$.restoreJob.restoreJobId' }, resultPath: '$.describedRestore' },
      statusField: 'Status',
      describedRequiredFields: ['CreatedResourceArn'],
      runningStates: ['PENDING', 'RUNNING'],
      next: { completed: 'RestoreCompleted', completedPerDescribe: 'RestoreCompletedPerDescribe', running: 'RestoreTimedOut', failed: 'RestoreJobFailedPerDescribe' },
      waitCatchers: [{ ErrorEquals: [JOB_FAILED_ERRORS.RESTORE], ResultPath: '$.error', Next: 'RestoreJobFailed' }, catchAll('WaitForRestoreJobFailed')],
      describeCatch: { next: 'DescribeRestoreJobFailed' },
    }),
    RestoreCompleted: {
      Type: 'Pass',
      Parameters: { 'createdResourceArn.$': '$.restoreResult.createdResourceArn', 'source': 'callback', 'job.$': '$.restoreResult' },
      ResultPath: '$.restore',
      Next: 'RestoredClusterNeedsWriter',
    },
    RestoreCompletedPerDescribe: {
      Type: 'Pass',
      Parameters: { 'createdResourceArn.$': '$.describedRestore.CreatedResourceArn', 'source': 'describe' },
      ResultPath: '$.restore',
      Next: 'RestoredClusterNeedsWriter',
    },
    ...auroraWriterStates({ invokeValidator: (payload) => invoke(props.restoreValidatorFunctionArn, payload), next: 'ValidateRestore', failed: 'CleanUp' }),
  };
}
