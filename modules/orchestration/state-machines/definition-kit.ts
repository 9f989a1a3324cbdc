import type { OrchestrationResources } from './definition-props';
import { integrationArn, type JsonObject, type State, type StateMachineDefinition } from './asl-types';
import { serviceRetry } from './retry-and-catch';
import { CLOCK_STATES, clockStates } from './clock-states';
import { failureSummaryState, type FailureSummary } from './summary-states';

/*
 * Amazon States Language building blocks shared by the orchestration state machines (JSONPath query language only).
 *
 * Conventions every machine follows:
 * - The raw input is kept under `$.request` (or `$.event`), the clock under `$.clock`, each step's result under its
 *   own key: no state ever replaces the whole document, so the failure path can always reach what it reports.
 * - Every failure ends in a Pass state that writes `$.summary` ({ machine, outcome, stage, error, cause, ... }), then
 *   the shared tail records it in the audit table, publishes it to SNS and ends in a Fail state whose Error is the
 *   outcome. Success paths write `$.summary` too and end in Succeed with `$.summary` as output.
 * - A path that may be missing is never dereferenced: Choice rules test `IsPresent` first, and optional values
 *   get defaults merged in with `States.JsonMerge` (a missing path is a `States.Runtime` error that no Catch sees).
 */

/** What every definition builder starts with: integration ARNs, the retry of a service call, failure summary states. */
export interface DefinitionKit {
  /** The ARN of a service integration (`aws-sdk:backup:startBackupJob`, `dynamodb:putItem`...) in the machine's partition. */
  readonly arn: (service: string) => string;
  /** The Retry of a Task calling `service` (e.g. `aws-sdk:backup:startBackupJob`): what its errors call for. */
  readonly retry: (service: string, before?: readonly JsonObject[]) => JsonObject[];
  /** A failure summary state named `name`, then the shared failure tail. */
  readonly fail: (name: string, f: FailureSummary) => Record<string, State>;
}

/** The definition kit of `machine`. */
export function definitionKit(props: OrchestrationResources, machine: string): DefinitionKit {
  const arn = (service: string) => integrationArn(props.partition, service);
  return {
    arn,
    retry: (service, before) => serviceRetry(props.retry, arn(service), before),
    fail: (name, f) => ({ [name]: failureSummaryState(machine, f) }),
  };
}

export const START_STATE = 'Start';

/**
 * The first states of every machine: `Start` (a Pass state keeping the input, see the conventions above), then the
 * clock, whose task-token TTL is the machine's timeout plus a day.
 */
export function startStates(props: OrchestrationResources, o: { comment: string; parameters: JsonObject; timeoutSeconds: number; next: string }): Record<string, State> {
  return {
    [START_STATE]: { Type: 'Pass', Comment: o.comment, Parameters: o.parameters, Next: CLOCK_STATES.read },
    ...clockStates(props, o.timeoutSeconds + 86400, o.next),
  };
}

/** The definition of a machine that starts with `startStates`. */
export function stateMachineDefinition(comment: string, timeoutSeconds: number, states: Record<string, State>): StateMachineDefinition {
  return { Comment: comment, StartAt: START_STATE, TimeoutSeconds: timeoutSeconds, States: states };
}
