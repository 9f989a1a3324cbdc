import type { OrchestrationResources } from './definition-props';
import { integrationArn, type JsonObject, type State } from './asl-types';
import { serviceRetry } from './retry-and-catch';
import { stepFunctionsNames } from '../../../config/aws-facts';

/* The callback wait for an AWS Backup job: its task token stored in the task-token table, released by the job-callback function. */

/** The conditional put of a task token failed: the job's event arrived first. */
export const CONDITIONAL_CHECK_FAILED = stepFunctionsNames('aws-sdk:dynamodb', 'PutItem', 'ConditionalCheckFailedException');

/**
 * The condition of every task-token put. The job-callback function writes `outcome` onto the job's item when the
 * job ends (creating the item if the token is not there yet): a put that finds an outcome fails
 * (ConditionalCheckFailed) and the machine describes the job rather than wait for an event that has passed. A put
 * that finds only its own earlier token (a re-wait after a timeout) replaces it, so the next event releases the new
 * token. `attribute_not_exists(jobId)` would refuse that second put.
 */
export const TASK_TOKEN_PUT_CONDITION = 'attribute_not_exists(outcome)';

export type JobType = 'BACKUP' | 'COPY' | 'RESTORE';

export interface WaitForJobOptions {
  /** JSONPath of the job ID. */
  readonly jobIdPath: string;
  readonly jobType: JobType;
  /** Where the callback output ({ jobId, jobType, state, ... }) goes. */
  readonly resultPath: string;
  readonly next: string;
  /** Where to go on `States.Timeout` or a failed conditional put (the event came first): describe the job. */
  readonly describeNext: string;
  /** Further catchers (SendTaskFailure errors, States.ALL), after the describe catcher. */
  readonly catchers?: readonly JsonObject[];
}

/**
 * Stores `{ jobId, jobType, taskToken, executionArn, expiresAt }` in the task-token table and waits until the
 * job-callback function calls SendTaskSuccess / SendTaskFailure, at most `callbackTimeoutSeconds`. The put is
 * conditional (TASK_TOKEN_PUT_CONDITION): when the job's outcome is already recorded it fails and the machine
 * describes the job instead; a re-wait's put replaces the token of the previous round.
 */
export function waitForJobState(props: OrchestrationResources, o: WaitForJobOptions): State {
  const resource = integrationArn(props.partition, 'aws-sdk:dynamodb:putItem.waitForTaskToken');
  return {
    Type: 'Task',
    Comment: `Waits for the ${o.jobType.toLowerCase()} job's terminal event (released by the job-callback function); no polling. Each round stores the token again.`,
    Resource: resource,
    Parameters: {
      TableName: props.taskTokenTableName,
      Item: {
        jobId: { 'S.$': o.jobIdPath },
        jobType: { S: o.jobType },
        taskToken: { 'S.$': '$$.Task.Token' },
        executionArn: { 'S.$': '$$.Execution.Id' },
        expiresAt: { 'N.$': '$.clock.tokenExpiresAt' },
      },
      ConditionExpression: TASK_TOKEN_PUT_CONDITION,
    },
    TimeoutSeconds: props.callbackTimeoutSeconds,
    ResultPath: o.resultPath,
    Retry: serviceRetry(props.retry, resource),
    Catch: [
      { ErrorEquals: ['States.Timeout', ...CONDITIONAL_CHECK_FAILED], ResultPath: '$.waitError', Next: o.describeNext },
      ...(o.catchers ?? []),
    ],
    Next: o.next,
  };
}
