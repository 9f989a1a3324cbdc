import type { OrchestrationResources } from './definition-props';
import type { JsonObject, State } from './asl-types';
import { recordExecutionState } from './audit-record-state';
import { notifyState } from './notify-state';

/* The shared tail of every machine: the summary recorded in the audit table, published to SNS, then Fail or Succeed. */

export const TAIL_STATES = {
  recordFailure: 'RecordFailure',
  notifyFailure: 'NotifyFailure',
  failed: 'Failed',
  recordSuccess: 'RecordSuccess',
  notifySuccess: 'NotifySuccess',
  checkRecorded: 'CheckSuccessRecorded',
  succeeded: 'Succeeded',
  auditRecordFailed: 'AuditRecordFailed',
  notificationFailed: 'NotificationFailed',
} as const;

/**
 * The shared tail. Failure: record (an error here still notifies), notify, Fail with Error = outcome and
 * Cause = the summary's cause. Success: record, notify, then Succeed with the summary as output, or Fail when the
 * record or the notification could not be written (so the failed-executions alarm sees it).
 */
export function tailStates(props: OrchestrationResources, machine: string, successExtraItem: JsonObject = {}): Record<string, State> {
  const t = TAIL_STATES;
  return {
    [t.recordFailure]: recordExecutionState(props, t.notifyFailure, t.notifyFailure),
    [t.notifyFailure]: notifyState(props, machine, t.failed, t.failed),
    [t.failed]: { Type: 'Fail', ErrorPath: '$.summary.outcome', CausePath: '$.summary.cause' },
    [t.recordSuccess]: recordExecutionState(props, t.notifySuccess, t.notifySuccess, successExtraItem),
    [t.notifySuccess]: notifyState(props, machine, t.checkRecorded, t.notificationFailed),
    [t.checkRecorded]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.recordError', IsPresent: true, Next: t.auditRecordFailed }],
      Default: t.succeeded,
    },
    [t.succeeded]: { Type: 'Succeed', OutputPath: '$.summary' },
    [t.auditRecordFailed]: { Type: 'Fail', Error: 'AuditRecordFailed', CausePath: '$.recordError.Cause' },
    [t.notificationFailed]: { Type: 'Fail', Error: 'NotificationFailed', CausePath: '$.notifyError.Cause' },
  };
}
