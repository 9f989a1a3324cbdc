import './promise-with-resolvers';
import { StateMachine } from 'aws-local-stepfunctions';
import aslValidator = require('asl-validator');
import type { RetryPolicy } from '../../../modules/orchestration/state-machines/definition-props';
import { simulatorDefinition } from './simulator-definition';

/*
 * Runs a state machine definition with aws-local-stepfunctions: every Task answered by a local handler keyed by
 * state name (Map item processor states included), every Wait and Retry pause set to 0, a fixed Context Object
 * (execution name and ID, task token, state entry time), and the event log collected.
 * Used by the state machine tests (importing it from here) and by the fault
 * matrix (tools/lib/fault-matrix/).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Handler = (input: any) => unknown;
export type Handlers = Record<string, Handler>;
interface StatesHolder { States: Record<string, Record<string, unknown>> }

export const EXECUTION_NAME = 'exec-0001';
export const EXECUTION_ARN = `arn:aws:states:eu-west-1:111122223333:execution:machine:${EXECUTION_NAME}`;
export const TASK_TOKEN = 'task-token-0001';
export const ENTERED_TIME = '2025-06-01T10:00:00.000Z';

export const TEST_RETRY: RetryPolicy = { intervalSeconds: 2, maxAttempts: 3, backoffRate: 2, maxDelaySeconds: 60 };

/** An error as a Task integration reports it: `name` is the Error a Retry/Catch matches, message the Cause. */
export function awsError(name: string, cause: unknown = name): Error {
  const e = new Error(typeof cause === 'string' ? cause : JSON.stringify(cause));
  e.name = name;
  return e;
}

export interface Run {
  status: 'SUCCEEDED' | 'FAILED';
  output?: any;
  error?: string;
  cause?: string;
  /** Top-level states entered, in order. */
  path: string[];
  /** States entered inside Map iterations, in order of entry. */
  innerPath: string[];
  /** Every state entered (top level and Map iterations): what Step Functions bills as state transitions. */
  transitions: number;
  retries: { state: string; attempt: number }[];
  /** Every state entered, with its input. */
  entered: { name: string; input: any }[];
}

function statesOf(holder: StatesHolder): [string, Record<string, unknown>][] {
  return Object.entries(holder.States).flatMap(([name, s]) => {
    const processor = (s.ItemProcessor ?? s.Iterator) as StatesHolder | undefined;
    return [[name, s] as [string, Record<string, unknown>], ...(processor ? statesOf(processor) : [])];
  });
}

export function validate(definition: unknown): ReturnType<typeof aslValidator> {
  return aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
}

/**
 * Building a StateMachine validates the definition (asl-validator), which takes far longer than an execution:
 * one machine per distinct definition text, reused by every run.
 */
const machines = new Map<string, StateMachine>();

function machineOf(definition: StatesHolder): StateMachine {
  const text = JSON.stringify(definition);
  let machine = machines.get(text);
  if (!machine) {
    machine = new StateMachine(simulatorDefinition(definition), { validationOptions: { checkPaths: true, checkArn: true } });
    machines.set(text, machine);
  }
  return machine;
}

export async function runLocally(definition: StatesHolder, input: unknown, handlers: Handlers): Promise<Run> {
  const all = statesOf(definition);
  const waitTimeOverrides = Object.fromEntries(all.filter(([, s]) => s.Type === 'Wait').map(([n]) => [n, 0]));
  const retryIntervalOverrides = Object.fromEntries(all.filter(([, s]) => Array.isArray(s.Retry)).map(([n]) => [n, 0]));
  const taskResourceLocalHandlers = Object.fromEntries(Object.entries(handlers).map(([name, h]) => [name, async (i: unknown) => (await h(i)) as Json]));
  const machine = machineOf(definition);
  const execution = machine.run(input as Json, {
    overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
    context: {
      Execution: { Id: EXECUTION_ARN, Name: EXECUTION_NAME },
      Task: { Token: TASK_TOKEN },
      State: { EnteredTime: ENTERED_TIME },
    },
  });
  const run: Run = { status: 'SUCCEEDED', path: [], innerPath: [], transitions: 0, retries: [], entered: [] };
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') {
        run.transitions++;
        run.entered.push({ name: event.state.name, input: event.state.input });
        (event.index === undefined ? run.path : run.innerPath).push(event.state.name);
      }
      if (event.type === 'StateRetried') run.retries.push({ state: event.state.name, attempt: event.retry.attempt });
      if (event.type === 'ExecutionFailed') {
        run.status = 'FAILED';
        run.error = event.Error;
        run.cause = String(event.Cause);
      }
    }
  })();
  try {
    run.output = await execution.result;
  } catch {
    run.status = 'FAILED';
  }
  await collecting;
  return run;
}

/** Records every call of the handlers it wraps. */
export class CallLog {
  readonly calls: { state: string; input: any }[] = [];
  wrap(handlers: Handlers): Handlers {
    return Object.fromEntries(Object.entries(handlers).map(([name, h]) => [name, (input: unknown) => {
      this.calls.push({ state: name, input });
      return h(input);
    }]));
  }
  of(state: string): any[] {
    return this.calls.filter((c) => c.state === state).map((c) => c.input);
  }
}

/**
 * The audit record and SNS message a run wrote on its way out. `details` / `message` are parsed when possible:
 * aws-local-stepfunctions 3.0.0 strips every backslash from the result of an intrinsic function, so a summary
 * holding a JSON string (the Cause of a SendTaskFailure) comes out of States.JsonToString as invalid JSON there
 * (Step Functions escapes it properly). Then only the text (`detailsText`) can be checked; the Fail state's Cause
 * (run.cause, no intrinsic involved) stays intact.
 */
export function outcomeOf(log: CallLog, record: string, notify: string): { item: any; details: any; detailsText: string; subject: string; message: any } {
  const items = log.of(record);
  const notes = log.of(notify);
  if (items.length !== 1 || notes.length !== 1) throw new Error(`expected one ${record} and one ${notify}, got ${items.length} and ${notes.length}`);
  const parse = (text: string) => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const detailsText: string = items[0].Item.details.S;
  return { item: items[0].Item, details: parse(detailsText), detailsText, subject: notes[0].Subject, message: parse(notes[0].Message) };
}

/** Standard tail handlers: the audit put and the SNS publish answer as AWS would. */
export function tailHandlers(): Handlers {
  const put = () => ({ SdkHttpMetadata: { HttpStatusCode: 200 } });
  const publish = () => ({ MessageId: 'message-0001' });
  return { RecordFailure: put, RecordSuccess: put, NotifyFailure: publish, NotifySuccess: publish };
}
