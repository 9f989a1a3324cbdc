/*
 * What state transitions cost. Step Functions Standard bills every state transition: $0.025 per 1,000 (us-east-1
 * list price). The 4,000 free transitions a month are ignored: at any real volume they round away.
 *
 * The callback design adds small costs of its own, estimated (not quoted) from approximate us-east-1 list prices:
 * per wait one DynamoDB put of the task token (putItem.waitForTaskToken), and per job event one job-callback
 * invocation that updates the token item and keeps a Powertools idempotency record (written, then updated).
 * EventBridge delivery of AWS service events to the default bus and the SendTask* calls are not billed.
 */

export const STANDARD_USD_PER_1000_TRANSITIONS = 0.025;

/** Dollars for `executions` runs of a Standard workflow taking `transitionsPerExecution` each. */
export function standardWorkflowCostUsd(transitionsPerExecution: number, executions: number): number {
  return (transitionsPerExecution * executions * STANDARD_USD_PER_1000_TRANSITIONS) / 1000;
}

/** Approximate prices and assumptions behind the callback side-cost estimate. */
export const CALLBACK_SIDE_COST_ASSUMPTIONS = {
  /** DynamoDB on-demand, per write request unit (items under 1 KB). */
  usdPerWriteRequestUnit: 0.625 / 1_000_000,
  /** Lambda, per request. */
  usdPerLambdaRequest: 0.2 / 1_000_000,
  /** Lambda arm64, per GB-second. */
  usdPerLambdaGbSecond: 0.0000133334,
  /** job-callback's memory (modules/orchestration/orchestration-functions.ts) and a generous billed duration per event. */
  lambdaGb: 0.25,
  lambdaSecondsPerEvent: 0.3,
  /** Writes per job event in job-callback: the token item update and the idempotency record (put, then update). */
  writesPerEvent: 3,
} as const;

/**
 * Rough dollars the callback design adds for `executions` runs with `waitsPerExecution` callback waits each (one
 * task-token put per wait, one job event handled per wait).
 */
export function callbackSideCostUsd(waitsPerExecution: number, executions: number): number {
  const a = CALLBACK_SIDE_COST_ASSUMPTIONS;
  const perWait = a.usdPerWriteRequestUnit * (1 + a.writesPerEvent) + a.usdPerLambdaRequest + a.usdPerLambdaGbSecond * a.lambdaGb * a.lambdaSecondsPerEvent;
  return perWait * waitsPerExecution * executions;
}
