import '../lib/fault-matrix/promise-with-resolvers';
import { simulatorDefinition } from '../lib/fault-matrix/simulator-definition';
import { StateMachine } from 'aws-local-stepfunctions';
import { dummyArn } from './neutral-identifiers';

/*
 * Runs a state machine definition with aws-local-stepfunctions for a benchmark: every Task answered by a local
 * function keyed by state name (Map item processor states included), every Wait and Retry pause set to 0, and the
 * states entered counted. Standalone on purpose: tools do not import test support.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** What a Task state's service would answer; throw an error whose `name` is the ASL error to fail the task. */
export type TaskAnswer = (input: any) => unknown;
export type TaskAnswers = Record<string, TaskAnswer>;

interface StatesHolder { readonly States: Record<string, Record<string, unknown>> }

export interface LocalExecution {
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** The Error of a failed execution (a Fail state's Error, or what was not caught). */
  readonly error?: string;
  /** Every state entered, top level and Map iterations: what Step Functions Standard bills as state transitions. */
  readonly transitions: number;
  /** How often each state was entered. */
  readonly entered: Readonly<Record<string, number>>;
}

export const BENCH_EXECUTION_NAME = 'bench-0001';

/** Every state of a definition, Map item processors (and the older Iterator) included. */
export function allStates(holder: StatesHolder): [string, Record<string, unknown>][] {
  return Object.entries(holder.States).flatMap(([name, state]) => {
    const processor = (state.ItemProcessor ?? state.Iterator) as StatesHolder | undefined;
    return [[name, state] as [string, Record<string, unknown>], ...(processor ? allStates(processor) : [])];
  });
}

/** One state by name, wherever it is (top level or in a Map's item processor). */
export function stateNamed(holder: StatesHolder, name: string): Record<string, unknown> {
  const found = allStates(holder).find(([n]) => n === name);
  if (!found) throw new Error(`no state named ${name} in the definition`);
  return found[1];
}

export async function runLocally(definition: StatesHolder, input: unknown, answers: TaskAnswers): Promise<LocalExecution> {
  const states = allStates(definition);
  // A Task without a local answer would make aws-local-stepfunctions call AWS: refuse before anything runs.
  const unanswered = states.filter(([name, s]) => s.Type === 'Task' && !answers[name]).map(([name]) => name);
  if (unanswered.length > 0) throw new Error(`runLocally: no local answer for Task state(s) ${unanswered.join(', ')}; nothing may call AWS`);
  const waitTimeOverrides = Object.fromEntries(states.filter(([, s]) => s.Type === 'Wait').map(([n]) => [n, 0]));
  const retryIntervalOverrides = Object.fromEntries(states.filter(([, s]) => Array.isArray(s.Retry)).map(([n]) => [n, 0]));
  const taskResourceLocalHandlers = Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, async (i: Json) => (await answer(i)) as Json]));

  const machine = new StateMachine(simulatorDefinition(definition), { validationOptions: { checkPaths: true, checkArn: true } });
  const execution = machine.run(input as Json, {
    overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
    context: {
      Execution: { Id: dummyArn('states', `execution:bench:${BENCH_EXECUTION_NAME}`), Name: BENCH_EXECUTION_NAME },
      Task: { Token: 'bench-task-token' },
      // aws-local-stepfunctions leaves $$.State.EnteredTime unset; the audit record reads it. Its value counts for nothing here.
      State: { EnteredTime: new Date().toISOString() },
    },
  });
  const entered: Record<string, number> = {};
  let transitions = 0;
  let error: string | undefined;
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') {
        transitions++;
        entered[event.state.name] = (entered[event.state.name] ?? 0) + 1;
      }
      if (event.type === 'ExecutionFailed') error = event.Error;
    }
  })();
  let status: LocalExecution['status'] = 'SUCCEEDED';
  try {
    await execution.result;
  } catch (e) {
    status = 'FAILED';
    error ??= (e as Error).name;
  }
  await collecting;
  return { status, ...(error !== undefined ? { error } : {}), transitions, entered };
}
