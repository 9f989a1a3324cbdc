/*
 * aws-local-stepfunctions times an execution's TimeoutSeconds with setTimeout, and Node's timers hold at most
 * 2^31 - 1 ms (about 24.8 days): a longer timeout, such as the orchestrator's weeks of job waits, overflows to 1 ms
 * (Node prints a TimeoutOverflowWarning) and would end any run that waits on a timer or on I/O as timed out. Local
 * runs never come near the real timeout, so they get it capped to what a timer holds; the definition deployed is
 * untouched. Hand-written because the simulator has no option for it (its 3.0.0 run options: overrides, context,
 * noThrowOnAbort).
 */

import type { StateMachine } from 'aws-local-stepfunctions';

/** What the simulator's StateMachine takes. */
export type SimulatorDefinition = ConstructorParameters<typeof StateMachine>[0];

/** The longest timeout, in seconds, a Node timer can hold. */
export const LONGEST_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * A JSON copy of `definition` for aws-local-stepfunctions, with an execution TimeoutSeconds beyond what a timer holds
 * capped to LONGEST_TIMER_SECONDS. A JSON copy, not structuredClone: under Jest, structuredClone makes objects of
 * another realm, which the simulator's plain-object check rejects (nested payload templates would stay unresolved).
 */
export function simulatorDefinition(definition: object): SimulatorDefinition {
  const copy = JSON.parse(JSON.stringify(definition)) as SimulatorDefinition;
  if (typeof copy.TimeoutSeconds === 'number' && copy.TimeoutSeconds > LONGEST_TIMER_SECONDS) copy.TimeoutSeconds = LONGEST_TIMER_SECONDS;
  return copy;
}
