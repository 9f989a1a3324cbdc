import type { State } from './asl-types';
import { catchAll } from './retry-and-catch';
import { quietSuccessState } from './summary-states';
import { stepFunctionsNames } from '../../../config/aws-facts';
import { eventFields, failedJobIdPath, JOB_RECOVERY_MACHINE as MACHINE, type Kind, type RecoveryKit } from './job-recovery-context';

/**
 * EventBridge delivers at least once and a rule target cannot name the execution, so one failure event can start
 * two executions. The first state after the classification claims the recovery of the failed job with a
 * conditional put of `recovery#<failed job ID>` into the task-token table (expiring with the task tokens, after
 * the machine's timeout): only the first execution goes on; a later one ends DUPLICATE_EVENT, a success that is
 * neither recorded nor notified (the first execution does both). Any other error of the put: RECOVERY_ERROR.
 */
export function claimStates(k: RecoveryKit, kind: Kind, next: string): Record<string, State> {
  const { props, arn, retry, fail } = k;
  return {
    [`Claim${kind}Recovery`]: {
      Type: 'Task',
      Comment: 'Only one execution per failed job: a duplicate delivery of the event fails the conditional put.',
      Resource: arn('dynamodb:putItem'),
      Parameters: {
        TableName: props.taskTokenTableName,
        Item: {
          jobId: { 'S.$': `States.Format('recovery#{}', ${failedJobIdPath(kind)})` },
          executionArn: { 'S.$': '$$.Execution.Id' },
          expiresAt: { 'N.$': '$.clock.tokenExpiresAt' },
        },
        ConditionExpression: 'attribute_not_exists(jobId)',
      },
      ResultPath: null,
      Retry: retry('dynamodb:putItem'),
      Catch: [
        { ErrorEquals: stepFunctionsNames('dynamodb', 'PutItem', 'ConditionalCheckFailedException'), ResultPath: '$.claimError', Next: `Duplicate${kind}Event` },
        catchAll(`Claim${kind}RecoveryFailed`),
      ],
      Next: next,
    },
    [`Duplicate${kind}Event`]: quietSuccessState(MACHINE, 'DUPLICATE_EVENT', {
      ...eventFields(kind),
      reason: 'Another execution has already claimed the recovery of this job (the event was delivered more than once); it records and notifies the outcome.',
    }),
    ...fail(`Claim${kind}RecoveryFailed`, { outcome: 'RECOVERY_ERROR', stage: `Claim${kind}Recovery`, errorPath: '$.error', fields: eventFields(kind) }),
  };
}
