import type { JsonObject, State } from './asl-types';
import { definitionKit, type DefinitionKit } from './definition-kit';
import type { DrDrillDefinitionProps } from './definition-props';

/* What the pieces of the DR drill machine share: its name, its kit (Lambda invocations, caught failures) and the summary fields of each stage. */

export const DR_DRILL_MACHINE = 'dr-drill';

/** The definition kit of the DR drill machine, with its props and its two shorthands. */
export interface DrillKit extends DefinitionKit {
  readonly props: DrDrillDefinitionProps;
  /** A Task invoking `functionArn` with `payload`, retried as Lambda invocations are. */
  readonly invoke: (functionArn: string, payload: JsonObject) => State;
  /** DRILL_FAILED after a caught error (at `$.error`) in `stage`. */
  readonly caught: (name: string, stage: string, fields: JsonObject) => Record<string, State>;
}

export function drillKit(props: DrDrillDefinitionProps): DrillKit {
  const kit = definitionKit(props, DR_DRILL_MACHINE);
  const { arn, retry, fail } = kit;
  return {
    ...kit,
    props,
    invoke: (functionArn, payload) => ({
      Type: 'Task',
      Resource: arn('lambda:invoke'),
      Parameters: { FunctionName: functionArn, Payload: payload },
      Retry: retry('lambda:invoke'),
    }),
    caught: (name, stage, fields) => fail(name, { outcome: 'DRILL_FAILED', stage, errorPath: '$.error', fields }),
  };
}

/** The drill's request. */
export const drill: JsonObject = {
  'drillName.$': '$.request.drillName',
  'resourceArn.$': '$.request.resourceArn',
  'resourceType.$': '$.request.resourceType',
  'targetRecoveryMinutes.$': '$.request.targetRecoveryMinutes',
  'targetRecoverySeconds.$': '$.request.targetRecoverySeconds',
};
export const restoreFields: JsonObject = { ...drill, 'recoveryPointArn.$': '$.recoveryPoint.recoveryPointArn', 'restoreJobId.$': '$.restoreJob.restoreJobId' };
export const restoredFields: JsonObject = {
  ...restoreFields,
  'createdResourceArn.$': '$.restore.createdResourceArn',
  'validationStatus.$': '$.validation.validationStatus',
  'validationMessage.$': '$.validation.message',
};
export const nothingToCleanUp = { cleanup: 'NOT_NEEDED: the restore job did not complete, so the drill created no resource.' };
/** Failed before a restore job was started. */
export const beforeRestore: JsonObject = { ...drill, 'recoveryPointArn.$': '$.recoveryPoint.recoveryPointArn', ...nothingToCleanUp };
/** The restore job may have created something, or may still create it. */
export const restoreOutcomeUnknown: JsonObject = {
  ...restoreFields,
  cleanup: 'NOT_DONE: the outcome of the restore job is unknown; whatever it creates must be deleted by hand (see restoreJobId).',
};
