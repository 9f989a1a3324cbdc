import type { JsonObject, State, StateMachineDefinition } from './asl-types';
import { startStates, stateMachineDefinition } from './definition-kit';
import { jobWaitBound } from './job-wait-bound';
import { tailStates } from './tail-states';
import type { DrDrillDefinitionProps } from './definition-props';
import { DR_DRILL_MACHINE as MACHINE, drillKit } from './dr-drill-context';
import { restoreFailureStates } from './dr-drill-failure-states';
import { restoreStates } from './dr-drill-restore-states';
import { validateAndCleanUpStates } from './dr-drill-validation-states';

/*
 * The DR drill machine, assembled from its parts: the restore (dr-drill-restore-states.ts, with the Aurora writer of
 * dr-drill-aurora-writer.ts), the validation, clean-up and outcome (dr-drill-validation-states.ts) and the failures
 * of the restore (dr-drill-failure-states.ts). Their states name each other; the order of the states below is the
 * order of the definition's JSON. docs/state-machines.md draws the flow.
 */

export { DR_DRILL_MACHINE } from './dr-drill-context';

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
  const k = drillKit(props);
  // The restore's wait rounds, plus four hours for everything else: lookups, validation (with up to about an hour for
  // an Aurora writer to become available), clean-up with its retries (up to about an hour and a half), the tail.
  const timeoutSeconds = jobWaitBound(props).seconds + 4 * 3600;
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
    ...restoreStates(k),
    ...validateAndCleanUpStates(k),
    ...restoreFailureStates(k),
    ...tailStates(props, MACHINE, resultsItem),
  };

  return stateMachineDefinition(
    'DR drill: restores the latest recovery point of a resource, validates it, always cleans up, records the recovery time and notifies.',
    timeoutSeconds,
    states,
  );
}
