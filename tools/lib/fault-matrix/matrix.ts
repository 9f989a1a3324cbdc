import { TAIL_STATES } from '../../../modules/orchestration/state-machines/tail-states';
import { iamActionOf, taskResources } from '../../../modules/orchestration/state-machines/definition-actions';
import { ERROR_CLASSES, type ErrorClassId, type Exception, exceptionsAt, integrationOf, type IntegrationId } from './errors';
import { awsError, type Handlers, runLocally } from './local-state-machine';
import { machineWorlds, type MachineWorld, type Scenario } from './worlds';

/*
 * The fault matrix: every Task state of every machine (Map iterations included) × every error class × every
 * exception that stands for the class at that state's integration, each driven through a local execution
 * (aws-local-stepfunctions, waits and retry intervals 0) of the first scenario that reaches the state.
 *
 * - A transient error (throttling, limit exceeded, service unavailable) is returned TRANSIENT_FAILURES times, then
 *   the call succeeds: the Retry must absorb it and the run end exactly as without the fault. A second run returns
 *   it on every call ("if it persists"): what happens once the retries are spent.
 * - A permanent error (invalid request, not found, access denied) is returned on every call: it must not be
 *   retried, and the run must end recorded and notified.
 * Inside a Map only the first item's calls fail (the other items show the iteration's error does not spill over).
 */

/** How often a transient error is returned before the call succeeds. */
export const TRANSIENT_FAILURES = 2;

/** What a run did with the injected error. */
export interface RunOutcome {
  /** Times the faulted state returned the error. */
  readonly thrown: number;
  /** Retry events of the faulted state. */
  readonly retries: number;
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** The Error of the Fail state that ended the run. */
  readonly error?: string;
  /** Outcome of the audit record written (RecordFailure / RecordSuccess), if one was. */
  readonly recorded?: string;
  /** Outcome of the notification published (NotifyFailure / NotifySuccess), if one was. */
  readonly notified?: string;
  /** The audit record or the notification names the injected exception. */
  readonly errorNamed: boolean;
  /** Same path (top level and Map iterations), status, error, record and notification as the run without the fault. */
  readonly sameAsWithoutFault: boolean;
}

/**
 * The outcome of a row: `retried` (a transient error absorbed by the Retry, then the run ends as without it),
 * `recorded+notified`, `recorded` (audit record written, notification failed), `notified` (notification published,
 * audit record failed), `n/a` (no exception of that class at that integration), `gap` (nothing recorded nor notified).
 */
export type OutcomeKind = 'retried' | 'recorded+notified' | 'recorded' | 'notified' | 'n/a' | 'gap';

export interface FaultRow {
  readonly machine: string;
  readonly state: string;
  /** The Map state whose iterations run this state. */
  readonly map?: string;
  readonly scenario: string;
  readonly resource: string;
  /** The IAM action the Task calls. */
  readonly action: string;
  readonly integration: IntegrationId;
  readonly errorClass: ErrorClassId;
  readonly transient: boolean;
  /** The exception driven; absent when the class has no counterpart at this integration (`none` says why). */
  readonly exception?: Exception;
  readonly none?: string;
  /** Transient: the error clears after TRANSIENT_FAILURES calls. Permanent: every call fails. */
  readonly run?: RunOutcome;
  /** Transient only: every call fails. */
  readonly persisting?: RunOutcome;
  readonly kind: OutcomeKind;
  readonly persistingKind?: OutcomeKind;
  /** Why the row is a gap (empty: handled as documented). */
  readonly gaps: readonly string[];
}

/**
 * Deliberate outcomes of the shared tail, where the failing call is itself the record or the notification. The
 * machine's `<name>-executions-failed` CloudWatch alarm (modules/orchestration/orchestration-state-machine.ts: ExecutionsFailed,
 * TimedOut, Aborted) publishes to the same topic through CloudWatch whenever the execution fails.
 */
export const TAIL_OUTCOMES: Readonly<Record<string, { kind: OutcomeKind; status: 'FAILED'; error?: string; text: string }>> = {
  [TAIL_STATES.recordFailure]: {
    kind: 'notified', status: 'FAILED',
    text: 'The failure notification still goes out (the Catch leads to NotifyFailure) and the execution fails with the failure outcome, as it would anyway; that the audit record is missing shows only in the execution history (RecordFailure\'s TaskFailed event).',
  },
  [TAIL_STATES.notifyFailure]: {
    kind: 'recorded', status: 'FAILED',
    text: 'The audit record is written; nobody is notified by the machine, but the execution fails with the failure outcome and the executions-failed alarm notifies the topic through CloudWatch.',
  },
  [TAIL_STATES.recordSuccess]: {
    kind: 'notified', status: 'FAILED', error: TAIL_STATES.auditRecordFailed,
    text: 'The success is notified, then the execution fails AuditRecordFailed (Cause: the DynamoDB error), so the executions-failed alarm fires.',
  },
  [TAIL_STATES.notifySuccess]: {
    kind: 'recorded', status: 'FAILED', error: TAIL_STATES.notificationFailed,
    text: 'The success is recorded, then the execution fails NotificationFailed (Cause: the SNS error), so the executions-failed alarm fires.',
  },
};

/**
 * States whose errors are deliberately not fatal: the run goes on and its summary (record, notification) carries the
 * error. None now: the DR drill no longer reports its validation to AWS Backup (PutRestoreValidationResult is for restore
 * testing jobs only), which was the one such state.
 */
export const NON_FATAL_STATES: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

interface Observed {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly path: string;
  readonly recorded?: string;
  readonly notified?: string;
  readonly texts: string[];
  readonly called: Set<string>;
  readonly retries: { state: string }[];
}

/** Runs a scenario, with `wrap` applied to its handlers, and observes what reached the audit table and the topic. */
async function observe(world: MachineWorld, scenario: Scenario, wrap: (h: Handlers) => Handlers = (h) => h): Promise<Observed> {
  const called = new Set<string>();
  let recorded: string | undefined;
  let notified: string | undefined;
  const texts: string[] = [];
  const handlers = Object.fromEntries(Object.entries(wrap(scenario.handlers())).map(([name, handler]) => [name, async (input: any) => {
    called.add(name);
    const output = await handler(input);
    if (name === TAIL_STATES.recordFailure || name === TAIL_STATES.recordSuccess) {
      recorded = input.Item.outcome.S;
      texts.push(input.Item.details.S);
    }
    if (name === TAIL_STATES.notifyFailure || name === TAIL_STATES.notifySuccess) {
      notified = input.MessageAttributes.outcome.StringValue;
      texts.push(input.Message);
    }
    return output;
  }]));
  const run = await runLocally(world.definition, scenario.input, handlers);
  const path = JSON.stringify([run.path, [...run.innerPath].sort()]);
  return { status: run.status, error: run.error, path, recorded, notified, texts, called, retries: run.retries };
}

/** The handlers with `state` failing with `exception`: `times` calls (then answering), or every call. */
function faulted(state: string, exception: Exception, times: number | 'always', inMap: boolean, count: { thrown: number }): (h: Handlers) => Handlers {
  return (handlers) => {
    const answer = handlers[state];
    let item: string | undefined;
    let failures = 0;
    return {
      ...handlers,
      [state]: (input: unknown) => {
        // Inside a Map, only the calls of the first item to call (same input: its retries) fail.
        const key = JSON.stringify(input);
        item ??= key;
        if ((!inMap || key === item) && (times === 'always' || failures < times)) {
          failures++;
          count.thrown++;
          throw awsError(exception.name, exception.cause);
        }
        return answer(input);
      },
    };
  };
}

function outcomeOfRun(observed: Observed, baseline: Observed, state: string, exception: Exception, thrown: number): RunOutcome {
  return {
    thrown,
    retries: observed.retries.filter((r) => r.state === state).length,
    status: observed.status,
    ...(observed.error !== undefined ? { error: observed.error } : {}),
    ...(observed.recorded !== undefined ? { recorded: observed.recorded } : {}),
    ...(observed.notified !== undefined ? { notified: observed.notified } : {}),
    errorNamed: observed.texts.some((t) => t.includes(exception.name)),
    sameAsWithoutFault: observed.status === baseline.status && observed.error === baseline.error && observed.path === baseline.path
      && observed.recorded === baseline.recorded && observed.notified === baseline.notified,
  };
}

function kindOf(run: RunOutcome): OutcomeKind {
  if (run.recorded && run.notified) return 'recorded+notified';
  if (run.recorded) return 'recorded';
  if (run.notified) return 'notified';
  return 'gap';
}

const isTail = (state: string) => state in TAIL_OUTCOMES;

/**
 * Why a run is a gap; `retriesExpected`: the error is transient and must be absorbed by the Retry. A permanent error
 * the model does not list cannot be told from throttling by its name: being retried is expected of it, then it must
 * end recorded and notified like any other.
 */
function gapsOf(run: RunOutcome, state: string, retriesExpected: boolean, modeled = true): string[] {
  const gaps: string[] = [];
  if (!run.recorded && !run.notified) {
    gaps.push(run.status === 'FAILED' ? 'the execution fails with nothing recorded and nobody notified' : 'the error is swallowed: nothing recorded, nobody notified');
  }
  if (retriesExpected) {
    if (run.retries < run.thrown || !run.sameAsWithoutFault) gaps.push('a transient error that is not retried');
    return gaps;
  }
  if (modeled && run.thrown > 1) gaps.push(`a permanent error returned ${run.thrown} times: retried or re-attempted pointlessly`);
  if (!isTail(state) && (run.recorded || run.notified) && !run.errorNamed) gaps.push('neither the record nor the notification names the error');
  return gaps;
}

/** Inner states of Map states: state name -> Map state name. */
function mapOwners(definition: MachineWorld['definition']): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [name, state] of Object.entries(definition.States)) {
    const processor = (state.ItemProcessor ?? state.Iterator) as { States?: Record<string, unknown> } | undefined;
    for (const inner of Object.keys(processor?.States ?? {})) owners.set(inner, name);
  }
  return owners;
}

export interface MachineMatrix {
  readonly machine: string;
  readonly title: string;
  /** Per scenario: its name, how it ends without a fault, the Task states it calls. */
  readonly scenarios: readonly { name: string; expected: string; reaches: string[] }[];
  readonly rows: readonly FaultRow[];
}

/** Runs the whole matrix of one machine. Throws when a scenario does not end as it declares or no scenario reaches a Task state. */
export async function runMachineMatrix(world: MachineWorld, onProgress: (done: number, total: number) => void = () => {}): Promise<MachineMatrix> {
  const baselines: Observed[] = [];
  for (const scenario of world.scenarios) {
    const observed = await observe(world, scenario);
    const ended = observed.status === 'SUCCEEDED' ? 'SUCCEEDED' : observed.error;
    if (ended !== scenario.expected) throw new Error(`fault matrix: ${world.machine} scenario "${scenario.name}" ended ${ended}, expected ${scenario.expected}`);
    baselines.push(observed);
  }
  const owners = mapOwners(world.definition);
  const tasks = taskResources(world.definition);
  const total = tasks.reduce((n, [, resource]) => n + ERROR_CLASSES.reduce((m, c) => {
    const cls = exceptionsAt(resource, c.id);
    return m + ('exceptions' in cls ? cls.exceptions.length : 1);
  }, 0), 0);
  const rows: FaultRow[] = [];
  for (const [state, resource] of tasks) {
    const index = baselines.findIndex((b) => b.called.has(state));
    if (index < 0) throw new Error(`fault matrix: no ${world.machine} scenario reaches the Task state ${state}; add one to tools/lib/fault-matrix/worlds.ts`);
    const scenario = world.scenarios[index];
    const baseline = baselines[index];
    const integration = integrationOf(resource);
    const inMap = owners.has(state);
    const base = {
      machine: world.machine, state, ...(inMap ? { map: owners.get(state) } : {}), scenario: scenario.name, resource,
      action: iamActionOf(resource), integration: integration.id,
    };
    for (const cls of ERROR_CLASSES) {
      const entry = exceptionsAt(resource, cls.id);
      if ('none' in entry) {
        rows.push({ ...base, errorClass: cls.id, transient: cls.transient, none: entry.none, kind: 'n/a', gaps: [] });
        onProgress(rows.length, total);
        continue;
      }
      for (const exception of entry.exceptions) {
        const drive = async (times: number | 'always') => {
          const count = { thrown: 0 };
          const observed = await observe(world, scenario, faulted(state, exception, times, inMap, count));
          return outcomeOfRun(observed, baseline, state, exception, count.thrown);
        };
        if (cls.transient) {
          const run = await drive(TRANSIENT_FAILURES);
          const persisting = await drive('always');
          const retried = run.retries >= run.thrown && run.thrown > 0 && run.sameAsWithoutFault;
          const persistingGaps = gapsOf(persisting, state, false).filter((g) => !g.startsWith('a permanent error'));
          rows.push({
            ...base, errorClass: cls.id, transient: true, exception, run, persisting,
            kind: retried ? 'retried' : kindOf(run), persistingKind: kindOf(persisting),
            gaps: [...gapsOf(run, state, true), ...persistingGaps.map((g) => `if it persists: ${g}`)],
          });
        } else {
          const run = await drive('always');
          rows.push({ ...base, errorClass: cls.id, transient: false, exception, run, kind: kindOf(run), gaps: gapsOf(run, state, false, exception.modeled) });
        }
        onProgress(rows.length, total);
      }
    }
  }
  return {
    machine: world.machine,
    title: world.title,
    scenarios: world.scenarios.map((s, i) => ({ name: s.name, expected: s.expected, reaches: tasks.map(([t]) => t).filter((t) => baselines[i].called.has(t)) })),
    rows,
  };
}

/** Runs the matrix of every machine. */
export async function runFaultMatrix(onProgress?: (machine: string, done: number, total: number) => void): Promise<MachineMatrix[]> {
  const out: MachineMatrix[] = [];
  for (const world of machineWorlds()) out.push(await runMachineMatrix(world, (done, total) => onProgress?.(world.machine, done, total)));
  return out;
}
