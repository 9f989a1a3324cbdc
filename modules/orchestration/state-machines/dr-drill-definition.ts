import { JsonObject, State, StateMachineDefinition } from './asl-types';
import { definitionKit, startStates, stateMachineDefinition } from './definition-kit';
import { jobWaitBound, waitedText } from './job-wait-bound';
import { jobWaitStates } from './job-wait-states';
import { catchAll } from './retry-and-catch';
import { successSummaryState } from './summary-states';
import { tailStates } from './tail-states';
import { CLEANUP_IN_PROGRESS, JOB_FAILED_ERRORS, NO_RECOVERY_POINT_FOUND, RESTORED_RESOURCE_NOT_READY } from '../../../config/function-contract/task-errors';
import { auroraWriterStates } from './dr-drill-aurora-writer';
import type { DrDrillDefinitionProps } from './definition-props';

/* Longer than 300 lines because it is one ASL document whose states name each other; splitting it across files would hide its flow (docs/state-machines.md draws it). The Aurora writer states already live in dr-drill-aurora-writer.ts. */

export const DR_DRILL_MACHINE = 'dr-drill';
const MACHINE = DR_DRILL_MACHINE;

/**
 * DR drill: restore the latest recovery point of a resource (an Aurora cluster also gets a writer instance, see
 * dr-drill-aurora-writer.ts), validate the restored resource, always clean up what the drill created, record the
 * measured recovery time and notify. The validation is not reported to AWS Backup: PutRestoreValidationResult is for
 * jobs of restore testing plans only, and a drill's restore job is not one.
 *
 * Input: `{ drillName, resourceArn, resourceType, vaultName?, restoreMetadataOverrides?, targetRecoveryMinutes?,
 * targetRecoverySeconds? }` (`vaultName` absent = null for the planner: any vault, copies included;
 * `targetRecoverySeconds` a number or null, anything else is an INVALID_REQUEST).
 * Recovery objective: with a numeric `targetRecoverySeconds`, a successful drill compares the measured
 * `recoveryTimeSeconds` (from the clean-up) with it and the summary (output, audit record `details`, notification)
 * carries `recoveryObjectiveMet: true | false` and `recoveryObjective` (text). A missed objective is still
 * DRILL_SUCCEEDED: the drill itself worked. Without a target (or without a numeric recovery time) the summary has
 * neither field: "not assessed" is not "met", and the output of drills without a target stays as it was.
 * Outcomes: DRILL_SUCCEEDED (validation SUCCESSFUL or SKIPPED, cleanup done) and DRILL_FAILED (with `stage`);
 * INVALID_REQUEST. Cleanup runs once a restore job has produced a resource: after a successful validation, after a
 * FAILED one, after a validator error and after a failed Aurora writer creation. When the restore job itself
 * failed there is nothing to clean up, and the summary says so (`cleanup`).
 */
export function drDrillDefinition(props: DrDrillDefinitionProps): StateMachineDefinition {
  const { arn, retry, fail } = definitionKit(props, MACHINE);
  /** DRILL_FAILED after a caught error (at `$.error`) in `stage`. */
  const caught = (name: string, stage: string, fields: JsonObject) => fail(name, { outcome: 'DRILL_FAILED', stage, errorPath: '$.error', fields });
  // The restore's wait rounds, plus four hours for everything else: lookups, validation (with up to about an hour for
  // an Aurora writer to become available), clean-up with its retries (up to about an hour and a half), the tail.
  const timeoutSeconds = jobWaitBound(props).seconds + 4 * 3600;
  const invoke = (functionArn: string, payload: JsonObject) => ({
    Type: 'Task',
    Resource: arn('lambda:invoke'),
    Parameters: { FunctionName: functionArn, Payload: payload },
    Retry: retry('lambda:invoke'),
  });

  const drill: JsonObject = {
    'drillName.$': '$.request.drillName',
    'resourceArn.$': '$.request.resourceArn',
    'resourceType.$': '$.request.resourceType',
    'targetRecoveryMinutes.$': '$.request.targetRecoveryMinutes',
    'targetRecoverySeconds.$': '$.request.targetRecoverySeconds',
  };
  const restoreFields: JsonObject = { ...drill, 'recoveryPointArn.$': '$.recoveryPoint.recoveryPointArn', 'restoreJobId.$': '$.restoreJob.restoreJobId' };
  const restoredFields: JsonObject = {
    ...restoreFields,
    'createdResourceArn.$': '$.restore.createdResourceArn',
    'validationStatus.$': '$.validation.validationStatus',
    'validationMessage.$': '$.validation.message',
  };
  const nothingToCleanUp = { cleanup: 'NOT_NEEDED: the restore job did not complete, so the drill created no resource.' };
  /** Failed before a restore job was started. */
  const beforeRestore: JsonObject = { ...drill, 'recoveryPointArn.$': '$.recoveryPoint.recoveryPointArn', ...nothingToCleanUp };
  /** The restore job may have created something, or may still create it. */
  const restoreOutcomeUnknown: JsonObject = {
    ...restoreFields,
    cleanup: 'NOT_DONE: the outcome of the restore job is unknown; whatever it creates must be deleted by hand (see restoreJobId).',
  };
  /** The validation SUCCESSFUL or SKIPPED; both the measured recovery time and the target numbers. */
  const validated: JsonObject = { Or: ['SUCCESSFUL', 'SKIPPED'].map((v) => ({ Variable: '$.validation.validationStatus', StringEquals: v })) };
  const measurable: JsonObject[] = ['$.cleanup.recoveryTimeSeconds', '$.request.targetRecoverySeconds'].map((path) => ({ Variable: path, IsNumeric: true }));
  const objective = (met: boolean): JsonObject => ({
    recoveryObjectiveMet: met,
    'recoveryObjective.$': `States.Format('${met ? 'MET' : 'MISSED'}: recovered in {} seconds, objective {} seconds', $.cleanup.recoveryTimeSeconds, $.request.targetRecoverySeconds)`,
  });
  const drillSucceeded = (extra: JsonObject): State => successSummaryState(MACHINE, 'DRILL_SUCCEEDED', {
    ...restoredFields,
    'cleanup.$': '$.cleanup',
    'recoveryTimeSeconds.$': '$.cleanup.recoveryTimeSeconds',
    ...extra,
  });
  const resultsItem: JsonObject = {
    recoveryTimeSeconds: { 'N.$': "States.Format('{}', $.summary.recoveryTimeSeconds)" },
    validationStatus: { 'S.$': '$.summary.validationStatus' },
  };

  const states: Record<string, State> = {
    ...startStates(props, {
      comment: 'Keeps the input and the defaults of its optional fields.',
      parameters: { 'input.$': '$', 'defaults': { vaultName: null, restoreMetadataOverrides: {}, targetRecoveryMinutes: null, targetRecoverySeconds: null } },
      timeoutSeconds,
      next: 'ValidateRequest',
    }),
    ValidateRequest: {
      Type: 'Choice',
      Choices: [{
        And: [
          ...['drillName', 'resourceArn', 'resourceType'].flatMap((f): JsonObject[] => [
            { Variable: `$.input.${f}`, IsPresent: true },
            { Variable: `$.input.${f}`, IsString: true },
          ]),
          {
            Or: [
              // Not/IsPresent rather than IsPresent: false, which aws-local-stepfunctions 3.0.0 evaluates wrongly.
              { Not: { Variable: '$.input.targetRecoverySeconds', IsPresent: true } },
              { Variable: '$.input.targetRecoverySeconds', IsNull: true },
              { Variable: '$.input.targetRecoverySeconds', IsNumeric: true },
            ],
          },
        ],
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
    ValidateRestore: {
      ...invoke(props.restoreValidatorFunctionArn, {
        'mode': 'drill',
        'resourceType.$': '$.request.resourceType',
        'createdResourceArn.$': '$.restore.createdResourceArn',
        'sourceResourceArn.$': '$.request.resourceArn',
        'drillId.$': '$$.Execution.Name',
      }),
      ResultSelector: { 'validationStatus.$': '$.Payload.validationStatus', 'message.$': '$.Payload.message', 'readyAt.$': '$.Payload.readyAt' },
      ResultPath: '$.validation',
      // A restored RDS instance may still be modifying, an Aurora writer still creating: validated again, for about an hour.
      Retry: retry('lambda:invoke', [{ ErrorEquals: [RESTORED_RESOURCE_NOT_READY], IntervalSeconds: 60, MaxAttempts: 15, BackoffRate: 1.5, MaxDelaySeconds: 300, JitterStrategy: 'FULL' }]),
      Catch: [catchAll('ValidatorFailed', '$.validationError')],
      Next: 'CleanUp',
    },
    ValidatorFailed: {
      Type: 'Pass',
      Comment: 'The validator itself failed: report FAILED, then clean up all the same.',
      Parameters: {
        'validationStatus': 'FAILED',
        'message.$': "States.Format('The validator failed: {}: {}', $.validationError.Error, $.validationError.Cause)",
        'readyAt': null,
        'validatorError.$': '$.validationError',
      },
      ResultPath: '$.validation',
      Next: 'CleanUp',
    },
    CleanUp: {
      ...invoke(props.restoreCleanupFunctionArn, {
        'restoreJobId.$': '$.restoreJob.restoreJobId',
        'resourceType.$': '$.request.resourceType',
        'createdResourceArn.$': '$.restore.createdResourceArn',
        'sourceResourceArn.$': '$.request.resourceArn',
        'drillId.$': '$$.Execution.Name',
        // When the validator first found the resource usable (an Aurora writer is created after the restore job ends).
        'resourceReadyAt.$': '$.validation.readyAt',
      }),
      ResultSelector: {
        'deleted.$': '$.Payload.deleted',
        'createdResourceArn.$': '$.Payload.createdResourceArn',
        'recoveryTimeSeconds.$': '$.Payload.recoveryTimeSeconds',
      },
      ResultPath: '$.cleanup',
      // EFS mount targets and Aurora writers disappear asynchronously, a big S3 bucket empties over several runs:
      // the function asks to be called again rather than wait.
      Retry: retry('lambda:invoke', [{ ErrorEquals: [CLEANUP_IN_PROGRESS], IntervalSeconds: 30, MaxAttempts: 8, BackoffRate: 2, MaxDelaySeconds: 300, JitterStrategy: 'FULL' }]),
      Catch: [catchAll('CleanUpFailed')],
      Next: 'DrillOutcome',
    },
    DrillOutcome: {
      Type: 'Choice',
      Comment: 'SKIPPED (no check for this resource type) still proves the restore: it counts as a success, recorded as SKIPPED. '
        + 'A successful drill with a target is measured against it here (no extra state); the numeric tests come first, so the comparison never sees null.',
      Choices: [
        { And: [validated, ...measurable, { Variable: '$.cleanup.recoveryTimeSeconds', NumericLessThanEqualsPath: '$.request.targetRecoverySeconds' }], Next: 'DrillSucceededObjectiveMet' },
        { And: [validated, ...measurable], Next: 'DrillSucceededObjectiveMissed' },
        { ...validated, Next: 'DrillSucceeded' },
      ],
      Default: 'ValidationFailed',
    },
    DrillSucceeded: drillSucceeded({}),
    DrillSucceededObjectiveMet: drillSucceeded(objective(true)),
    DrillSucceededObjectiveMissed: drillSucceeded(objective(false)),
    ...fail('ValidationFailed', {
      outcome: 'DRILL_FAILED', stage: 'ValidateRestore', error: 'ValidationFailed', causeIsExpression: true,
      cause: "States.Format('Validation of {} reported {}: {}', $.restore.createdResourceArn, $.validation.validationStatus, $.validation.message)",
      fields: { ...restoredFields, 'validation.$': '$.validation', 'cleanup.$': '$.cleanup', 'recoveryTimeSeconds.$': '$.cleanup.recoveryTimeSeconds' },
    }),
    ...caught('CleanUpFailed', 'CleanUp', { ...restoredFields, cleanup: 'FAILED: the restored resource may still exist, see createdResourceArn.' }),
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
    ...tailStates(props, MACHINE, resultsItem),
  };

  return stateMachineDefinition(
    'DR drill: restores the latest recovery point of a resource, validates it, always cleans up, records the recovery time and notifies.',
    timeoutSeconds,
    states,
  );
}
