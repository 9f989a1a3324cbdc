import type { OrchestrationResources } from './definition-props';
import { DEFAULT_MAX_JOB_DURATION_SECONDS, MAX_WAIT_ROUNDS, waitRounds } from '../../../config/orchestration-limits';

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
