import type { OrchestrationResources } from './definition-props';
import { integrationArn, type JsonObject, type State } from './asl-types';
import { catchAll, serviceRetry } from './retry-and-catch';
import { jobWaitBound } from './job-wait-bound';
import { waitForJobState, type JobType } from './task-token-wait';

/* Waiting for an AWS Backup job in bounded rounds (callback wait, then describe): see job-wait-bound.ts. */

export interface JobWaitSpec {
  /**
   * State names: the callback wait, the check of its result, the describe, the status Choice, and the two Pass
   * states that start another round (the first re-wait, which creates the round counter, and the later ones).
   */
  readonly names: {
    readonly wait: string; readonly check: string; readonly describe: string; readonly status: string;
    readonly firstRewait: string; readonly nextRewait: string;
  };
  readonly jobType: JobType;
  /** JSONPath of the job ID. */
  readonly jobIdPath: string;
  /**
   * Where the round counter (`{ round }`, the wait under way, 1-based) is kept; absent during the first wait, so the
   * path must be new for each job waited for (e.g. under an object that is rebuilt for each job).
   */
  readonly roundPath: string;
  /** Where the callback output goes, and the fields (besides `state`) a COMPLETED callback must carry. */
  readonly callback: { readonly resultPath: string; readonly requiredFields: readonly string[] };
  /**
   * The describe call: integration (`aws-sdk:backup:describeBackupJob`), parameters, optional result selector and
   * where its result goes; `jobPath` is where the described job is found (default: `resultPath`).
   */
  readonly describe: { readonly integration: string; readonly parameters: JsonObject; readonly resultSelector?: JsonObject; readonly resultPath: string; readonly jobPath?: string };
  /** The described job's status field: `State` (backup, copy jobs) or `Status` (restore jobs). */
  readonly statusField: 'State' | 'Status';
  /** Fields a COMPLETED described job must carry. */
  readonly describedRequiredFields: readonly string[];
  /** Statuses in which the job is still under way. */
  readonly runningStates: readonly string[];
  readonly next: {
    /** COMPLETED by callback. */
    readonly completed: string;
    readonly completedPerDescribe: string;
    /** The describe after the last round finds the job still under way. */
    readonly running: string;
    /** Any other status. */
    readonly failed: string;
  };
  /** Further catchers of the wait (SendTaskFailure errors, States.ALL), after the describe catcher. */
  readonly waitCatchers?: readonly JsonObject[];
  /**
   * Where a failed describe goes (the error at `resultPath`, default `$.error`); none: the error propagates.
   * `catchers` come before that catch-all (e.g. permanent errors going elsewhere).
   */
  readonly describeCatch?: { readonly next: string; readonly resultPath?: string; readonly catchers?: readonly JsonObject[] };
}

/**
 * Waiting for a job in bounded rounds: the callback wait (`waitForJobState`), a Choice that accepts a COMPLETED
 * callback carrying the required fields (anything else: describe), the describe (once per round, no polling) and a
 * Choice on its status: COMPLETED with the required fields; still under way with rounds left: another round (the
 * token is stored again); still under way after the last round: `next.running`; anything else: failed.
 * With a single round (maxJobDurationSeconds <= callbackTimeoutSeconds) there is no re-wait state.
 */
export function jobWaitStates(props: OrchestrationResources, spec: JobWaitSpec): Record<string, State> {
  const { names, callback, describe, next } = spec;
  const { rounds } = jobWaitBound(props);
  const present = (path: string, fields: readonly string[]): JsonObject[] => fields.map((f) => ({ Variable: `${path}.${f}`, IsPresent: true }));
  const status = `${describe.jobPath ?? describe.resultPath}.${spec.statusField}`;
  const round = `${spec.roundPath}.round`;
  const running: JsonObject = { Or: spec.runningStates.map((s) => ({ Variable: status, StringEquals: s })) };
  const roundCounted: JsonObject = { Variable: round, IsPresent: true };
  const comment = 'Once per wait round, after the callback timed out or the event came first: no polling loop.';
  const runningRules: JsonObject[] = rounds === 1
    ? [{ ...running, Next: next.running }]
    : [
      { And: [running, roundCounted, { Variable: round, NumericGreaterThanEquals: rounds }], Next: next.running },
      ...(rounds > 2 ? [{ And: [running, roundCounted], Next: names.nextRewait }] : []),
      { ...running, Next: names.firstRewait },
    ];
  const rewaits: Record<string, State> = rounds === 1 ? {} : {
    [names.firstRewait]: {
      Type: 'Pass',
      Comment: `Still under way after the first wait: wait again (round 2 of at most ${rounds}); the put stores the new token.`,
      Result: { round: 2 },
      ResultPath: spec.roundPath,
      Next: names.wait,
    },
    ...(rounds > 2 ? {
      [names.nextRewait]: {
        Type: 'Pass',
        Comment: `Still under way: next round (at most ${rounds}).`,
        Parameters: { 'round.$': `States.MathAdd(${round}, 1)` },
        ResultPath: spec.roundPath,
        Next: names.wait,
      },
    } : {}),
  };
  return {
    [names.wait]: waitForJobState(props, {
      jobIdPath: spec.jobIdPath,
      jobType: spec.jobType,
      resultPath: callback.resultPath,
      next: names.check,
      describeNext: names.describe,
      catchers: spec.waitCatchers,
    }),
    [names.check]: {
      Type: 'Choice',
      Choices: [{
        And: [
          { Variable: `${callback.resultPath}.state`, IsPresent: true },
          { Variable: `${callback.resultPath}.state`, StringEquals: 'COMPLETED' },
          ...present(callback.resultPath, callback.requiredFields),
        ],
        Next: next.completed,
      }],
      Default: names.describe,
    },
    [names.describe]: {
      Type: 'Task',
      Comment: spec.statusField === 'State' ? comment : `${comment} Its field is ${spec.statusField}, not State.`,
      Resource: integrationArn(props.partition, describe.integration),
      Parameters: describe.parameters,
      ...(describe.resultSelector ? { ResultSelector: describe.resultSelector } : {}),
      ResultPath: describe.resultPath,
      Retry: serviceRetry(props.retry, integrationArn(props.partition, describe.integration)),
      ...(spec.describeCatch ? { Catch: [...(spec.describeCatch.catchers ?? []), catchAll(spec.describeCatch.next, spec.describeCatch.resultPath)] } : {}),
      Next: names.status,
    },
    [names.status]: {
      Type: 'Choice',
      ...(rounds > 1 ? { Comment: `Still under way: another round while the wait in progress is not the last (${rounds}); its counter is absent during the first.` } : {}),
      Choices: [
        {
          And: [{ Variable: status, StringEquals: 'COMPLETED' }, ...present(describe.jobPath ?? describe.resultPath, spec.describedRequiredFields)],
          Next: next.completedPerDescribe,
        },
        ...runningRules,
      ],
      Default: next.failed,
    },
    ...rewaits,
  };
}
