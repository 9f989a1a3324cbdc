import type { OrchestrationResources } from './definition-props';
import { integrationArn, type JsonObject, type State } from './asl-types';
import { catchAll, serviceRetry } from './retry-and-catch';

/**
 * Puts the EXECUTION record of lambda-src/README.md (pk `EXECUTION#<execution name>`) into the audit table:
 * machine, outcome, resourceArn (`$.summary.resourceArn`), eventTime / day from the state's entry time, the whole
 * summary as JSON in `details`, and the TTL. `extraItem` adds typed attributes.
 */
export function recordExecutionState(props: OrchestrationResources, next: string, onError: string, extraItem: JsonObject = {}): State {
  return {
    Type: 'Task',
    Resource: integrationArn(props.partition, 'dynamodb:putItem'),
    Parameters: {
      TableName: props.auditTableName,
      Item: {
        'pk': { 'S.$': "States.Format('EXECUTION#{}', $$.Execution.Name)" },
        'recordType': { S: 'EXECUTION' },
        'machine': { 'S.$': '$.summary.machine' },
        'outcome': { 'S.$': '$.summary.outcome' },
        'resourceArn': { 'S.$': '$.summary.resourceArn' },
        'executionArn': { 'S.$': '$$.Execution.Id' },
        'eventTime': { 'S.$': '$$.State.EnteredTime' },
        'day': { 'S.$': "States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, 'T'), 0)" },
        'details': { 'S.$': 'States.JsonToString($.summary)' },
        'expiresAt': { 'N.$': '$.clock.auditExpiresAt' },
        ...extraItem,
      },
    },
    ResultPath: null,
    Retry: serviceRetry(props.retry, integrationArn(props.partition, 'dynamodb:putItem')),
    Catch: [catchAll(onError, '$.recordError')],
    Next: next,
  };
}
