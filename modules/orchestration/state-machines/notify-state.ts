import type { OrchestrationResources } from './definition-props';
import { integrationArn, type State } from './asl-types';
import { catchAll, serviceRetry } from './retry-and-catch';

/** Publishes the summary (JSON) to the topic; subject `[<machine>] <outcome>`, attribute `outcome` for filters. */
export function notifyState(props: OrchestrationResources, machine: string, next: string, onError: string): State {
  return {
    Type: 'Task',
    Resource: integrationArn(props.partition, 'sns:publish'),
    Parameters: {
      'TopicArn': props.topicArn,
      'Subject.$': `States.Format('[${machine}] {}', $.summary.outcome)`,
      'Message.$': 'States.JsonToString($.summary)',
      'MessageAttributes': {
        outcome: { 'DataType': 'String', 'StringValue.$': '$.summary.outcome' },
        machine: { DataType: 'String', StringValue: machine },
      },
    },
    ResultPath: null,
    Retry: serviceRetry(props.retry, integrationArn(props.partition, 'sns:publish')),
    Catch: [catchAll(onError, '$.notifyError')],
    Next: next,
  };
}
