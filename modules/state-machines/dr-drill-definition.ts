import {
  BACKUP_TRANSIENT_ERRORS,
  catchAll,
  clockStates,
  CLOCK_STATES,
  failureSummaryState,
  integrationArn,
  JsonObject,
  LAMBDA_TRANSIENT_ERRORS,
  State,
  StateMachineDefinition,
  successSummaryState,
  tailStates,
  transientRetry,
  waitForJobState,
} from './asl';
import type { DrDrillDefinitionProps } from './definition-props';

export const DR_DRILL_MACHINE = 'dr-drill';
const MACHINE = DR_DRILL_MACHINE;

/**
 * DR drill: restore the latest recovery point of a resource, validate the restored resource, report the validation
 * to AWS Backup, always clean up what the restore created, record the measured recovery time and notify.
 *
 * Input: `{ drillName, resourceArn, resourceType, vaultName?, restoreMetadataOverrides?, targetRecoveryMinutes? }`
 * (`vaultName` absent = null for the planner: any vault, copies included).
 * Outcomes: DRILL_SUCCEEDED (validation SUCCESSFUL or SKIPPED, cleanup done) and DRILL_FAILED (with `stage`);
 * INVALID_REQUEST. Cleanup runs once a restore job has produced a resource: after a successful validation, after a
 * FAILED one, after a validator error and after a rejected PutRestoreValidationResult. When the restore job itself
 * failed there is nothing to clean up, and the summary says so (`cleanup`).
 */
export function drDrillDefinition(props: DrDrillDefinitionProps): StateMachineDefinition {
  const arn = (service: string) => integrationArn(props.partition, service);
  const backupRetry = transientRetry(props.retry, BACKUP_TRANSIENT_ERRORS);
  const lambdaRetry = transientRetry(props.retry, LAMBDA_TRANSIENT_ERRORS);
  const timeoutSeconds = props.callbackTimeoutSeconds + 3 * 3600;
  const fail = (name: string, f: Parameters<typeof failureSummaryState>[1]): Record<string, State> => ({ [name]: failureSummaryState(MACHINE, f) });
  const invoke = (functionArn: string, payload: JsonObject) => ({
    Type: 'Task',
    Resource: arn('lambda:invoke'),
    Parameters: { FunctionName: functionArn, Payload: payload },
    Retry: lambdaRetry,
  });

  const drill: JsonObject = {
    'drillName.$': '$.request.drillName',
    'resourceArn.$': '$.request.resourceArn',
    'resourceType.$': '$.request.resourceType',
    'targetRecoveryMinutes.$': '$.request.targetRecoveryMinutes',
  };
  const restoreFields: JsonObject = { ...drill, 'recoveryPointArn.$': '$.recoveryPoint.recoveryPointArn', 'restoreJobId.$': '$.restoreJob.restoreJobId' };
  const restoredFields: JsonObject = {
    ...restoreFields,
    'createdResourceArn.$': '$.restore.createdResourceArn',
    'validationStatus.$': '$.validation.validationStatus',
    'validationMessage.$': '$.validation.message',
    'validationReport.$': '$.validationReport',
  };
  const nothingToCleanUp = { cleanup: 'NOT_NEEDED: the restore job did not complete, so the drill created no resource.' };
  const resultsItem: JsonObject = {
    recoveryTimeSeconds: { 'N.$': "States.Format('{}', $.summary.recoveryTimeSeconds)" },
    validationStatus: { 'S.$': '$.summary.validationStatus' },
  };

  const states: Record<string, State> = {
    Start: {
      Type: 'Pass',
      Comment: 'Keeps the input and the defaults of its optional fields.',
      Parameters: { 'input.$': '$', 'defaults': { vaultName: null, restoreMetadataOverrides: {}, targetRecoveryMinutes: null } },
      Next: CLOCK_STATES.read,
    },
    ...clockStates(props, timeoutSeconds + 86400, 'ValidateRequest'),
    ValidateRequest: {
      Type: 'Choice',
      Choices: [{
        And: ['drillName', 'resourceArn', 'resourceType'].flatMap((f): JsonObject[] => [
          { Variable: `$.input.${f}`, IsPresent: true },
          { Variable: `$.input.${f}`, IsString: true },
        ]),
        Next: 'ApplyDefaults',
      }],
      Default: 'InvalidRequest',
    },
    ApplyDefaults: {
      Type: 'Pass',
      Parameters: { 'request.$': 'States.JsonMerge($.defaults, $.input, false)', 'clock.$': '$.clock' },
      Next: 'FindRecoveryPoint',
    },
    FindRecoveryPoint: {
      ...invoke(props.restorePlannerFunctionArn, { 'action': 'latest-recovery-point', 'resourceArn.$': '$.request.resourceArn', 'vaultName.$': '$.request.vaultName' }),
      ResultSelector: {
        'recoveryPointArn.$': '$.Payload.recoveryPointArn',
        'backupVaultName.$': '$.Payload.backupVaultName',
        'creationDate.$': '$.Payload.creationDate',
      },
      ResultPath: '$.recoveryPoint',
      Catch: [{ ErrorEquals: ['NoRecoveryPointFound'], ResultPath: '$.error', Next: 'NoRecoveryPoint' }, catchAll('FindRecoveryPointFailed')],
      Next: 'GetRestoreMetadata',
    },
    GetRestoreMetadata: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:getRecoveryPointRestoreMetadata'),
      Parameters: { 'BackupVaultName.$': '$.recoveryPoint.backupVaultName', 'RecoveryPointArn.$': '$.recoveryPoint.recoveryPointArn' },
      ResultSelector: { 'restoreMetadata.$': '$.RestoreMetadata' },
      ResultPath: '$.restoreMetadata',
      Retry: backupRetry,
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
      Retry: backupRetry,
      Catch: [catchAll('StartRestoreJobFailed')],
      Next: 'WaitForRestoreJob',
    },
    WaitForRestoreJob: waitForJobState(props, {
      jobIdPath: '$.restoreJob.restoreJobId',
      jobType: 'RESTORE',
      resultPath: '$.restoreResult',
      next: 'CheckRestoreResult',
      describeNext: 'DescribeRestoreJob',
      catchers: [
        { ErrorEquals: ['RestoreJobFailed'], ResultPath: '$.error', Next: 'RestoreJobFailed' },
        catchAll('WaitForRestoreJobFailed'),
      ],
    }),
    CheckRestoreResult: {
      Type: 'Choice',
      Choices: [{
        And: [
          { Variable: '$.restoreResult.state', IsPresent: true },
          { Variable: '$.restoreResult.state', StringEquals: 'COMPLETED' },
          { Variable: '$.restoreResult.createdResourceArn', IsPresent: true },
        ],
        Next: 'RestoreCompleted',
      }],
      Default: 'DescribeRestoreJob',
    },
    DescribeRestoreJob: {
      Type: 'Task',
      Comment: 'Once, after the callback timed out or the event came first: no polling. Its field is Status, not State.',
      Resource: arn('aws-sdk:backup:describeRestoreJob'),
      Parameters: { 'RestoreJobId.$': '$.restoreJob.restoreJobId' },
      ResultPath: '$.describedRestore',
      Retry: backupRetry,
      Catch: [catchAll('DescribeRestoreJobFailed')],
      Next: 'RestoreJobStatus',
    },
    RestoreJobStatus: {
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.describedRestore.Status', StringEquals: 'COMPLETED' },
            { Variable: '$.describedRestore.CreatedResourceArn', IsPresent: true },
          ],
          Next: 'RestoreCompletedPerDescribe',
        },
        { Or: ['PENDING', 'RUNNING'].map((s) => ({ Variable: '$.describedRestore.Status', StringEquals: s })), Next: 'RestoreTimedOut' },
      ],
      Default: 'RestoreJobFailedPerDescribe',
    },
    RestoreCompleted: {
      Type: 'Pass',
      Parameters: { 'createdResourceArn.$': '$.restoreResult.createdResourceArn', 'source': 'callback', 'job.$': '$.restoreResult' },
      ResultPath: '$.restore',
      Next: 'ValidateRestore',
    },
    RestoreCompletedPerDescribe: {
      Type: 'Pass',
      Parameters: { 'createdResourceArn.$': '$.describedRestore.CreatedResourceArn', 'source': 'describe' },
      ResultPath: '$.restore',
      Next: 'ValidateRestore',
    },
    ValidateRestore: {
      ...invoke(props.restoreValidatorFunctionArn, {
        'mode': 'drill',
        'resourceType.$': '$.request.resourceType',
        'createdResourceArn.$': '$.restore.createdResourceArn',
        'drillId.$': '$$.Execution.Name',
      }),
      ResultSelector: { 'validationStatus.$': '$.Payload.validationStatus', 'message.$': '$.Payload.message' },
      ResultPath: '$.validation',
      Catch: [catchAll('ValidatorFailed', '$.validationError')],
      Next: 'PutValidationResult',
    },
    ValidatorFailed: {
      Type: 'Pass',
      Comment: 'The validator itself failed: report FAILED, then clean up all the same.',
      Parameters: {
        'validationStatus': 'FAILED',
        'message.$': "States.Format('The validator failed: {}: {}', $.validationError.Error, $.validationError.Cause)",
        'validatorError.$': '$.validationError',
      },
      ResultPath: '$.validation',
      Next: 'PutValidationResult',
    },
    PutValidationResult: {
      Type: 'Task',
      Comment: 'AWS Backup accepts a validation result only for jobs of restore testing plans: a rejection is recorded, not fatal.',
      Resource: arn('aws-sdk:backup:putRestoreValidationResult'),
      Parameters: {
        'RestoreJobId.$': '$.restoreJob.restoreJobId',
        'ValidationStatus.$': '$.validation.validationStatus',
        'ValidationStatusMessage.$': '$.validation.message',
      },
      ResultSelector: { accepted: true },
      ResultPath: '$.validationReport',
      Retry: backupRetry,
      Catch: [
        { ErrorEquals: ['Backup.InvalidRequestException', 'Backup.InvalidParameterValueException'], ResultPath: '$.validationReportError', Next: 'ValidationResultNotAccepted' },
        catchAll('ValidationResultNotAccepted', '$.validationReportError'),
      ],
      Next: 'CleanUp',
    },
    ValidationResultNotAccepted: {
      Type: 'Pass',
      Parameters: { 'accepted': false, 'error.$': '$.validationReportError.Error', 'cause.$': '$.validationReportError.Cause' },
      ResultPath: '$.validationReport',
      Next: 'CleanUp',
    },
    CleanUp: {
      ...invoke(props.restoreCleanupFunctionArn, {
        'restoreJobId.$': '$.restoreJob.restoreJobId',
        'resourceType.$': '$.request.resourceType',
        'createdResourceArn.$': '$.restore.createdResourceArn',
        'sourceResourceArn.$': '$.request.resourceArn',
        'drillId.$': '$$.Execution.Name',
      }),
      ResultSelector: {
        'deleted.$': '$.Payload.deleted',
        'createdResourceArn.$': '$.Payload.createdResourceArn',
        'recoveryTimeSeconds.$': '$.Payload.recoveryTimeSeconds',
      },
      ResultPath: '$.cleanup',
      Retry: [
        // EFS: mount targets disappear asynchronously; the function asks to be called again rather than wait.
        { ErrorEquals: ['CleanupInProgress'], IntervalSeconds: 30, MaxAttempts: 8, BackoffRate: 2, MaxDelaySeconds: 300, JitterStrategy: 'FULL' },
        ...lambdaRetry,
      ],
      Catch: [catchAll('CleanUpFailed')],
      Next: 'DrillOutcome',
    },
    DrillOutcome: {
      Type: 'Choice',
      Comment: 'SKIPPED (no check for this resource type) still proves the restore: it counts as a success, recorded as SKIPPED.',
      Choices: [{ Or: ['SUCCESSFUL', 'SKIPPED'].map((s) => ({ Variable: '$.validation.validationStatus', StringEquals: s })), Next: 'DrillSucceeded' }],
      Default: 'ValidationFailed',
    },
    DrillSucceeded: successSummaryState(MACHINE, 'DRILL_SUCCEEDED', {
      ...restoredFields,
      'cleanup.$': '$.cleanup',
      'recoveryTimeSeconds.$': '$.cleanup.recoveryTimeSeconds',
    }),
    ...fail('ValidationFailed', {
      outcome: 'DRILL_FAILED', stage: 'ValidateRestore', error: 'ValidationFailed', causeIsExpression: true,
      cause: "States.Format('Validation of {} reported {}: {}', $.restore.createdResourceArn, $.validation.validationStatus, $.validation.message)",
      fields: { ...restoredFields, 'validation.$': '$.validation', 'cleanup.$': '$.cleanup', 'recoveryTimeSeconds.$': '$.cleanup.recoveryTimeSeconds' },
    }),
    ...fail('CleanUpFailed', {
      outcome: 'DRILL_FAILED', stage: 'CleanUp', errorPath: '$.error',
      fields: { ...restoredFields, cleanup: 'FAILED: the restored resource may still exist, see createdResourceArn.' },
    }),
    ...fail('InvalidRequest', {
      outcome: 'INVALID_REQUEST', stage: 'ValidateRequest', error: 'InvalidRequest',
      cause: 'The request must carry drillName, resourceArn and resourceType (strings).',
      fields: { 'resourceArn': 'unknown', 'request.$': '$.input' },
    }),
    ...fail('NoRecoveryPoint', { outcome: 'DRILL_FAILED', stage: 'FindRecoveryPoint', errorPath: '$.error', fields: { ...drill, ...nothingToCleanUp } }),
    ...fail('FindRecoveryPointFailed', { outcome: 'DRILL_FAILED', stage: 'FindRecoveryPoint', errorPath: '$.error', fields: { ...drill, ...nothingToCleanUp } }),
    ...fail('GetRestoreMetadataFailed', {
      outcome: 'DRILL_FAILED', stage: 'GetRestoreMetadata', errorPath: '$.error',
      fields: { ...drill, 'recoveryPointArn.$': '$.recoveryPoint.recoveryPointArn', ...nothingToCleanUp },
    }),
    ...fail('PlanRestoreFailed', {
      outcome: 'DRILL_FAILED', stage: 'PlanRestore', errorPath: '$.error',
      fields: { ...drill, 'recoveryPointArn.$': '$.recoveryPoint.recoveryPointArn', ...nothingToCleanUp },
    }),
    ...fail('StartRestoreJobFailed', {
      outcome: 'DRILL_FAILED', stage: 'StartRestoreJob', errorPath: '$.error',
      fields: { ...drill, 'recoveryPointArn.$': '$.recoveryPoint.recoveryPointArn', ...nothingToCleanUp },
    }),
    ...fail('RestoreJobFailed', { outcome: 'DRILL_FAILED', stage: 'WaitForRestoreJob', errorPath: '$.error', fields: { ...restoreFields, ...nothingToCleanUp } }),
    ...fail('RestoreJobFailedPerDescribe', {
      outcome: 'DRILL_FAILED', stage: 'DescribeRestoreJob', error: 'RestoreJobFailed', causeIsExpression: true,
      cause: "States.Format('Restore job {} ended {}', $.restoreJob.restoreJobId, $.describedRestore.Status)",
      fields: { ...restoreFields, 'describedJob.$': '$.describedRestore', ...nothingToCleanUp },
    }),
    ...fail('RestoreTimedOut', {
      outcome: 'DRILL_FAILED', stage: 'DescribeRestoreJob', error: 'RestoreJobTimedOut', causeIsExpression: true,
      cause: `States.Format('Restore job {} is still {} after the callback timeout of ${props.callbackTimeoutSeconds} seconds', $.restoreJob.restoreJobId, $.describedRestore.Status)`,
      fields: { ...restoreFields, cleanup: 'NOT_DONE: the restore job is still running; whatever it creates must be deleted by hand (see restoreJobId).' },
    }),
    ...fail('WaitForRestoreJobFailed', {
      outcome: 'DRILL_FAILED', stage: 'WaitForRestoreJob', errorPath: '$.error',
      fields: { ...restoreFields, cleanup: 'NOT_DONE: the outcome of the restore job is unknown; whatever it creates must be deleted by hand (see restoreJobId).' },
    }),
    ...fail('DescribeRestoreJobFailed', {
      outcome: 'DRILL_FAILED', stage: 'DescribeRestoreJob', errorPath: '$.error',
      fields: { ...restoreFields, cleanup: 'NOT_DONE: the outcome of the restore job is unknown; whatever it creates must be deleted by hand (see restoreJobId).' },
    }),
    ...tailStates(props, MACHINE, resultsItem),
  };

  return {
    Comment: 'DR drill: restores the latest recovery point of a resource, validates it, always cleans up, records the recovery time and notifies.',
    StartAt: 'Start',
    TimeoutSeconds: timeoutSeconds,
    States: states,
  };
}
