import aslValidator = require('asl-validator');
import { BENCH_COPY_TARGETS, orchestratorBenchProps } from '../../../tools/bench/orchestrator-bench-props';
import { POLL_INTERVAL_SECONDS, pollingBaselineDefinition } from '../../../tools/bench/polling-baseline-definition';
import { callbackSideCostUsd, standardWorkflowCostUsd } from '../../../tools/bench/step-functions-cost';
import { runCallbackDesign, runPollingDesign } from '../../../tools/bench/transition-scenarios';

/*
 * The transitions benchmark counts what it claims: real runs of both designs on the simulated clock. No timing here.
 */

const MINUTE = 60;
const HOUR = 3600;
const JOBS = 1 + BENCH_COPY_TARGETS;

describe('polling baseline definition', () => {
  it('is valid ASL (asl-validator, paths and ARNs checked)', () => {
    const result = aslValidator(structuredClone(pollingBaselineDefinition(orchestratorBenchProps(HOUR))), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('grows by 3 states (Wait, Describe, Choice) per job per minute of job duration', async () => {
    const short = await runPollingDesign(1 * MINUTE);
    const long = await runPollingDesign(10 * MINUTE);
    expect([short.outcome, long.outcome]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const extraPollsPerJob = (10 * MINUTE - 1 * MINUTE) / POLL_INTERVAL_SECONDS;
    expect(long.transitions - short.transitions).toBe(extraPollsPerJob * 3 * JOBS);
    expect(long.activity.describes).toBe(JOBS * 10);
  });
});

describe('callback design (the real backup orchestrator definition)', () => {
  it('takes the same transitions for 1-minute and 12-hour jobs when the callback timeout covers them', async () => {
    const short = await runCallbackDesign(1 * MINUTE, 24 * HOUR);
    const long = await runCallbackDesign(12 * HOUR, 24 * HOUR);
    expect([short.outcome, long.outcome]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(long.transitions).toBe(short.transitions);
    expect(long.activity).toMatchObject({ callbackWaits: JOBS, callbackTimeouts: 0, describes: 0, executionSeconds: 2 * 12 * HOUR });
  });

  it('grows only by the timeout rounds: one more state per wait that ends by States.Timeout', async () => {
    const short = await runCallbackDesign(1 * MINUTE, 6 * HOUR);
    const atTimeout = await runCallbackDesign(6 * HOUR, 6 * HOUR);
    expect(atTimeout.outcome).toBe('SUCCEEDED');
    expect(atTimeout.activity).toMatchObject({ callbackTimeouts: JOBS, describes: JOBS });
    expect(atTimeout.transitions).toBe(short.transitions + atTimeout.activity.callbackTimeouts);
  });

  it('a job that outlasts the callback timeout is described, found running and waited for again: 4 more states per re-wait, then SUCCEEDED', async () => {
    const atTimeout = await runCallbackDesign(6 * HOUR, 6 * HOUR);
    const run = await runCallbackDesign(12 * HOUR, 6 * HOUR);
    expect(run.outcome).toBe('SUCCEEDED');
    // Each job: round 1 times out (described RUNNING), round 2 loses the race with its end too (described COMPLETED).
    expect(run.activity).toMatchObject({ callbackWaits: 2 * JOBS, callbackTimeouts: 2 * JOBS, rewaits: JOBS, maxRoundsPerJob: 2, describes: 2 * JOBS });
    expect(run.transitions).toBe(atTimeout.transitions + 4 * run.activity.rewaits);
    expect(run.beyondExecutionTimeout).toBe(false);
  });

  it('a job that never ends is waited for at most 28 rounds of 6 h (the 7-day default bound), then the execution ends TIMED_OUT within its timeout', async () => {
    const run = await runCallbackDesign(30 * 24 * HOUR, 6 * HOUR);
    expect(run.outcome).toBe('TIMED_OUT');
    expect(run.activity).toMatchObject({ callbackWaits: 28, callbackTimeouts: 28, rewaits: 27, maxRoundsPerJob: 28, describes: 28, executionSeconds: 7 * 24 * HOUR });
    expect(run.beyondExecutionTimeout).toBe(false);
  });
});

describe('Step Functions Standard cost', () => {
  it('is $0.025 per 1,000 transitions, the free tier ignored', () => {
    expect(standardWorkflowCostUsd(26, 1000)).toBeCloseTo(0.65, 10);
    expect(standardWorkflowCostUsd(1000, 1)).toBeCloseTo(0.025, 10);
    expect(standardWorkflowCostUsd(6488, 1000)).toBeCloseTo(162.2, 10);
    expect(standardWorkflowCostUsd(0, 1000)).toBe(0);
  });

  it('the callback side costs scale with waits and stay a small fraction of the transitions they save', () => {
    expect(callbackSideCostUsd(3, 2000)).toBeCloseTo(2 * callbackSideCostUsd(3, 1000), 12);
    expect(callbackSideCostUsd(3, 1000)).toBeGreaterThan(0);
    expect(callbackSideCostUsd(3, 1000)).toBeLessThan(standardWorkflowCostUsd(26, 1000) / 10);
  });
});
