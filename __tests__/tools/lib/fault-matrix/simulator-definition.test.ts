import { LONGEST_TIMER_SECONDS, simulatorDefinition } from '../../../../tools/lib/fault-matrix/simulator-definition';
import { runLocally } from '../../../../tools/lib/fault-matrix/local-state-machine';

/*
 * An execution TimeoutSeconds longer than a Node timer holds (the orchestrator's allows weeks of job waits) must not
 * end a local run: aws-local-stepfunctions would time it with an overflowing timer, which fires after 1 ms.
 */

const FOUR_WEEKS = 28 * 24 * 3600;
const definition = (timeoutSeconds: number) => ({
  StartAt: 'Work',
  TimeoutSeconds: timeoutSeconds,
  States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
});
/** A task that waits on a timer, as a handler waiting on I/O would. */
const slowWork = { Work: () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 20)) };

describe('definitions given to the local simulator', () => {
  it('GIVEN an execution timeout beyond what a timer holds WHEN copied for the simulator THEN it is capped; a shorter one and the original are untouched', () => {
    const long = definition(FOUR_WEEKS);
    expect(simulatorDefinition(long)).toEqual({ ...long, TimeoutSeconds: LONGEST_TIMER_SECONDS });
    expect(long.TimeoutSeconds).toBe(FOUR_WEEKS);
    expect(simulatorDefinition(definition(3600))).toEqual(definition(3600));
    expect(LONGEST_TIMER_SECONDS * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('GIVEN a four-week execution timeout and a task that waits on a timer WHEN run locally THEN the task finishes and the execution succeeds (uncapped, the simulator times it out after 1 ms)', async () => {
    const run = await runLocally(definition(FOUR_WEEKS), {}, slowWork);
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: { done: true }, path: ['Work'] });
  });
});
