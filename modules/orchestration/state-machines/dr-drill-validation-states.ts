import type { JsonObject, State } from './asl-types';
import { catchAll } from './retry-and-catch';
import { successSummaryState } from './summary-states';
import { CLEANUP_IN_PROGRESS, RESTORED_RESOURCE_NOT_READY } from '../../../config/function-contract/task-errors';
import { DR_DRILL_MACHINE as MACHINE, restoredFields, type DrillKit } from './dr-drill-context';

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

/**
 * The restored resource validated (the validator's own failure is a FAILED validation), always cleaned up, then the
 * drill's outcome: DRILL_SUCCEEDED (measured against the recovery objective when the request sets one) or
 * DRILL_FAILED.
 */
export function validateAndCleanUpStates(k: DrillKit): Record<string, State> {
  const { props, retry, fail, caught, invoke } = k;
  return {
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
  };
}
