import type { LifecycleModel } from '../../../config/model';
import type { OrchestrationResources, RetryPolicy } from './definition-props';
import { DEFAULT_MAX_JOB_DURATION_SECONDS, MAX_WAIT_ROUNDS, waitRounds } from '../../../config/orchestration-limits';
import { classifiedErrors, INTEGRATIONS, integrationOf, stepFunctionsNames, type IntegrationId } from '../../../config/aws-facts';

/* Longer than 300 lines because it holds the state builders the three machines share (callback waits, describe-on-timeout, retries with SDK error names, audit, notifications): one place for the retry policy and error names. Its concepts (waits, audit, notify) are to be split into their own files with the layout issue (15). */

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

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
export type State = JsonObject;

/** A complete state machine definition: serialize with JSON.stringify. */
export interface StateMachineDefinition {
  Comment: string;
  StartAt: string;
  TimeoutSeconds: number;
  States: Record<string, State>;
  [key: string]: JsonValue;
}

/** `arn:<partition>:states:::<service>`, e.g. `aws-sdk:backup:startBackupJob`, `dynamodb:putItem`, `lambda:invoke`. */
export function integrationArn(partition: string, service: string): string {
  return `arn:${partition}:states:::${service}`;
}

/** The conditional put of a task token failed: the job's event arrived first. */
export const CONDITIONAL_CHECK_FAILED = stepFunctionsNames('aws-sdk:dynamodb', 'PutItem', 'ConditionalCheckFailedException');

/** The errors of `resource`'s operation no retry fixes (a request AWS rejects, a missing resource), as Step Functions names them. */
export function permanentErrors(resource: string): string[] {
  const { integration, operation } = integrationOrThrow(resource);
  return classifiedErrors(integration, operation).permanent;
}

function integrationOrThrow(resource: string): { integration: IntegrationId; operation: string } {
  const found = integrationOf(resource);
  if (!found) throw new Error(`no error naming known for the integration of "${resource}": add it to config/aws-facts/step-functions-errors.ts`);
  return found;
}

/**
 * The Retry of a Task calling `resource`, derived from its operation's errors (config/aws-facts/step-functions-errors.ts):
 * the modeled transient errors with exponential backoff and full jitter; for request-response calls, the permanent
 * modeled errors first with MaxAttempts 0 (they go straight to the Catch) and then `States.TaskFailed` with backoff,
 * which is how an error the service model does not list (throttling, access denied: common errors of every AWS Backup
 * call) is retried whatever name Step Functions gives it. `before`: retriers of the Task's own errors, tried first.
 */
export function serviceRetry(policy: RetryPolicy, resource: string, before: readonly JsonObject[] = []): JsonObject[] {
  const { integration, operation } = integrationOrThrow(resource);
  const naming = INTEGRATIONS[integration];
  const { transient, permanent } = classifiedErrors(integration, operation);
  const backoff = (errors: readonly string[]): JsonObject => ({
    ErrorEquals: [...errors],
    IntervalSeconds: policy.intervalSeconds,
    MaxAttempts: policy.maxAttempts,
    BackoffRate: policy.backoffRate,
    MaxDelaySeconds: policy.maxDelaySeconds,
    JitterStrategy: 'FULL',
  });
  return [
    ...before,
    ...(naming.taskFailedFallback && permanent.length > 0 ? [{ ErrorEquals: permanent, MaxAttempts: 0 }] : []),
    backoff([...transient, ...naming.unmodeled]),
    ...(naming.taskFailedFallback ? [backoff(['States.TaskFailed'])] : []),
  ];
}

/** `States.ALL` into `next`, the error object ({ Error, Cause }) kept at `resultPath`. */
export function catchAll(next: string, resultPath = '$.error'): JsonObject {
  return { ErrorEquals: ['States.ALL'], ResultPath: resultPath, Next: next };
}

/** AWS Backup `Lifecycle` (PascalCase). Empty when the config sets none: AWS Backup then applies no lifecycle. */
export function lifecycleParameters(lifecycle?: LifecycleModel): JsonObject {
  const out: JsonObject = {};
  if (lifecycle?.deleteAfterDays !== undefined) out.DeleteAfterDays = lifecycle.deleteAfterDays;
  if (lifecycle?.moveToColdStorageAfterDays !== undefined) out.MoveToColdStorageAfterDays = lifecycle.moveToColdStorageAfterDays;
  if (lifecycle?.optInToArchiveForSupportedResources !== undefined) {
    out.OptInToArchiveForSupportedResources = lifecycle.optInToArchiveForSupportedResources;
  }
  return out;
}

/** What every definition builder starts with: integration ARNs, the retry of a service call, failure summary states. */
export function definitionKit(props: OrchestrationResources, machine: string): {
  arn: (service: string) => string;
  /** The Retry of a Task calling `service` (e.g. `aws-sdk:backup:startBackupJob`): what its errors call for. */
  retry: (service: string, before?: readonly JsonObject[]) => JsonObject[];
  fail: (name: string, f: FailureSummary) => Record<string, State>;
} {
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

// ---------------------------------------------------------------------------------------------------------------
// Clock: epoch seconds for DynamoDB TTLs, computed in JSONPath.
//
// JSONPath has no date functions and States.MathAdd only adds 32-bit integers, so epoch seconds (which leave the
// 32-bit range in 2038) cannot be summed directly. The machine therefore works in kiloseconds (1000 s units, about
// 1.8 million today, far from the limit): `$$.Execution.StartTime` (ISO 8601, UTC) is split into year, month and
// day; embedded tables give the kiloseconds at the start of each year (2024 to 2199), of each month (leap and common
// years) and of each day of a month; their sum plus the TTL in kiloseconds is rendered as `<k>000` with
// States.Format, the string DynamoDB's `N` type expects. Sums of floored parts can be up to 3 units early, so the
// TTLs get 3 units (50 minutes) more: an item never expires before its retention; time of day is ignored, so it
// may outlive it by up to a day. Out-of-table years (before 2024 or after 2199) would fail the execution.
// ---------------------------------------------------------------------------------------------------------------

const FIRST_YEAR = 2024;
const LAST_YEAR = 2199;
const KS_PER_DAY = 86.4;
const CLOCK_MARGIN_KS = 3;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const ks = (epochMs: number) => Math.floor(epochMs / 1_000_000);

function clockTables(): JsonObject {
  const years: number[] = [];
  const leap: number[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    years.push(ks(Date.UTC(y, 0, 1)));
    leap.push(isLeap(y) ? 1 : 0);
  }
  // Days before each month in a common year (2023) and a leap year (2024).
  const monthOffsets = [2023, 2024].map((y) => Array.from({ length: 12 }, (_, m) => ks(Date.UTC(y, m, 1) - Date.UTC(y, 0, 1))));
  const dayOffsets = Array.from({ length: 31 }, (_, d) => Math.floor(d * KS_PER_DAY));
  return { yearStartKs: years, leapYears: leap, monthOffsetKs: monthOffsets, dayOffsetKs: dayOffsets };
}

/** Kiloseconds (rounded up, plus the margin above) of a duration in seconds. */
export function durationKs(seconds: number): number {
  return Math.ceil(seconds / 1000) + CLOCK_MARGIN_KS;
}

export const CLOCK_STATES = { read: 'ReadClock', compute: 'ComputeExpiry' } as const;

/**
 * Two Pass states that leave `$.clock = { startKs, auditExpiresAt, tokenExpiresAt }` (the two TTLs as strings of
 * epoch seconds): audit records expire `auditRetentionDays` after the execution started, task-token items
 * `tokenLifetimeSeconds` after it (give the machine's own timeout plus a margin).
 */
export function clockStates(props: OrchestrationResources, tokenLifetimeSeconds: number, next: string): Record<string, State> {
  const time = '$$.Execution.StartTime';
  const part = (sep: string, i: number, of = time) => `States.ArrayGetItem(States.StringSplit(${of}, '${sep}'), ${i})`;
  const startKs =
    'States.MathAdd(States.MathAdd(' +
    'States.ArrayGetItem($.clock.yearStartKs, $.clock.yearIndex), ' +
    'States.ArrayGetItem(States.ArrayGetItem($.clock.monthOffsetKs, States.ArrayGetItem($.clock.leapYears, $.clock.yearIndex)), $.clock.monthIndex)), ' +
    'States.ArrayGetItem($.clock.dayOffsetKs, $.clock.dayIndex))';
  const expiry = (seconds: number) => `States.Format('{}000', States.MathAdd(${startKs}, ${durationKs(seconds)}))`;
  return {
    [CLOCK_STATES.read]: {
      Type: 'Pass',
      Comment: 'Splits the execution start time into table indexes (month and day go through "1MM" - 101: "08" is no JSON number).',
      Parameters: {
        'yearIndex.$': `States.MathAdd(States.StringToJson(${part('-', 0)}), -${FIRST_YEAR})`,
        'monthIndex.$': `States.MathAdd(States.StringToJson(States.Format('1{}', ${part('-', 1)})), -101)`,
        'dayIndex.$': `States.MathAdd(States.StringToJson(States.Format('1{}', ${part('-', 2, part('T', 0))})), -101)`,
        ...clockTables(),
      },
      ResultPath: '$.clock',
      Next: CLOCK_STATES.compute,
    },
    [CLOCK_STATES.compute]: {
      Type: 'Pass',
      Comment: 'Epoch-second TTLs (strings, for DynamoDB N) of the audit record and the task-token items.',
      Parameters: {
        'startKs.$': startKs,
        'auditExpiresAt.$': expiry(props.auditRetentionDays * 86400),
        'tokenExpiresAt.$': expiry(tokenLifetimeSeconds),
      },
      ResultPath: '$.clock',
      Next: next,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Waiting for an AWS Backup job by callback, in bounded rounds.
//
// A callback wait ends with the job's event (released by the job-callback function) or with States.Timeout after
// `callbackTimeoutSeconds`. Event delivery is best effort, so a timeout is no verdict: the job is described, and
// a job still under way is waited for again, up to `jobWaitBound(props).rounds` waits in all (no polling loop: one
// describe per round). Only after the last round is the job reported as timed out.
// ---------------------------------------------------------------------------------------------------------------

// The bounds live with the config rules that check a file against them; re-exported for the definitions' users.
export { DEFAULT_MAX_JOB_DURATION_SECONDS, MAX_WAIT_ROUNDS };

/**
 * The condition of every task-token put. The job-callback function writes `outcome` onto the job's item when the
 * job ends (creating the item if the token is not there yet): a put that finds an outcome fails
 * (ConditionalCheckFailed) and the machine describes the job rather than wait for an event that has passed. A put
 * that finds only its own earlier token (a re-wait after a timeout) replaces it, so the next event releases the new
 * token. `attribute_not_exists(jobId)` would refuse that second put.
 */
export const TASK_TOKEN_PUT_CONDITION = 'attribute_not_exists(outcome)';

export interface JobWaitBound {
  /** Callback waits per job, the first included. */
  readonly rounds: number;
  /** How long those waits last together: what the execution's TimeoutSeconds must allow per job waited for in turn. */
  readonly seconds: number;
}

/** How many callback waits cover `maxJobDurationSeconds` (rounded up, at least one), and how long they last. */
export function jobWaitBound(props: Pick<OrchestrationResources, 'callbackTimeoutSeconds' | 'maxJobDurationSeconds'>): JobWaitBound {
  const timeout = props.callbackTimeoutSeconds;
  const maxJob = props.maxJobDurationSeconds ?? DEFAULT_MAX_JOB_DURATION_SECONDS;
  if (!Number.isInteger(timeout) || timeout < 1) throw new Error(`callbackTimeoutSeconds must be a positive whole number; got ${timeout}`);
  if (!Number.isInteger(maxJob) || maxJob < 1) throw new Error(`maxJobDurationSeconds must be a positive whole number; got ${maxJob}`);
  const rounds = waitRounds(maxJob, timeout);
  if (rounds > MAX_WAIT_ROUNDS) {
    throw new Error(`maxJobDurationSeconds ${maxJob} needs ${rounds} callback waits of ${timeout} seconds; at most ${MAX_WAIT_ROUNDS} fit the execution history: raise the callback timeout`);
  }
  return { rounds, seconds: rounds * timeout };
}

/** How long a job still running after the last round was waited for, for the causes of timed-out summaries. */
export function waitedText(props: Pick<OrchestrationResources, 'callbackTimeoutSeconds' | 'maxJobDurationSeconds'>): string {
  const { rounds } = jobWaitBound(props);
  return rounds === 1
    ? `after the callback timeout of ${props.callbackTimeoutSeconds} seconds`
    : `after ${rounds} callback waits of ${props.callbackTimeoutSeconds} seconds`;
}

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

// ---------------------------------------------------------------------------------------------------------------
// Summaries, audit records, notifications and the shared tail of every machine.
// ---------------------------------------------------------------------------------------------------------------

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

/** Fields every summary carries. */
function summaryBase(machine: string, outcome: string): JsonObject {
  return { machine, outcome, 'executionName.$': '$$.Execution.Name', 'executionArn.$': '$$.Execution.Id' };
}

export interface FailureSummary {
  readonly outcome: string;
  /** The step that failed. */
  readonly stage: string;
  /** JSONPath of `{ Error, Cause }` from a Catch; or give error and cause. */
  readonly errorPath?: string;
  readonly error?: string;
  /** Literal cause, or an intrinsic (`States.Format(...)`) when `causeIsExpression`. */
  readonly cause?: string;
  readonly causeIsExpression?: boolean;
  /** Further summary fields (payload template: keys ending in `.$` are paths). */
  readonly fields: JsonObject;
}

/** Pass state writing a failure summary to `$.summary`, then the shared failure tail. */
export function failureSummaryState(machine: string, f: FailureSummary, comment?: string): State {
  const error: JsonObject = f.errorPath
    ? { 'error.$': `${f.errorPath}.Error`, 'cause.$': `${f.errorPath}.Cause` }
    : { error: f.error ?? f.outcome, [f.causeIsExpression ? 'cause.$' : 'cause']: f.cause ?? f.outcome };
  return {
    Type: 'Pass',
    ...(comment ? { Comment: comment } : {}),
    Parameters: { ...summaryBase(machine, f.outcome), stage: f.stage, ...error, ...f.fields },
    ResultPath: '$.summary',
    Next: TAIL_STATES.recordFailure,
  };
}

/** Pass state writing a success summary to `$.summary`, then the shared success tail. */
export function successSummaryState(machine: string, outcome: string, fields: JsonObject): State {
  return {
    Type: 'Pass',
    Parameters: { ...summaryBase(machine, outcome), ...fields },
    ResultPath: '$.summary',
    Next: TAIL_STATES.recordSuccess,
  };
}

/**
 * Pass state ending the execution as a success without the shared tail (nothing recorded, nothing notified):
 * writes the summary to `$.summary` and outputs it.
 */
export function quietSuccessState(machine: string, outcome: string, fields: JsonObject): State {
  return {
    Type: 'Pass',
    Parameters: { ...summaryBase(machine, outcome), ...fields },
    ResultPath: '$.summary',
    OutputPath: '$.summary',
    End: true,
  };
}

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
