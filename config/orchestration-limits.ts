/*
 * Limits of waiting for AWS Backup jobs from a Step Functions execution. The config rules check a file against them,
 * and the state machine definitions (modules/orchestration/state-machines/job-wait-bound.ts) size their waits and timeouts by them.
 */

import { DEFAULT_COMPLETION_WINDOW_MINUTES } from './defaults';

/**
 * The least a machine waits for any job: 7 days, AWS Backup's default completion window ("Complete within", 10080
 * minutes), after which AWS Backup cancels a backup job that has not completed. Copy and restore jobs have no
 * documented window, so no rule with a shorter window lowers it; a rule with a longer one raises it.
 */
export const DEFAULT_MAX_JOB_DURATION_SECONDS = DEFAULT_COMPLETION_WINDOW_MINUTES * 60;

/**
 * At most this many waits per job. A re-wait round adds about 15 events to the execution history (the wait Task's
 * scheduled/started/submitted/timed-out events, the describe's, a Choice and a Pass), whose limit is 25,000 per
 * execution, Map iterations included: 200 rounds of a backup and of each of several copies stay well below it.
 */
export const MAX_WAIT_ROUNDS = 200;

/** The longest single callback wait a file may ask for (orchestration.callbackTimeoutHours). */
export const MAX_CALLBACK_TIMEOUT_HOURS = 168;

/** A Standard workflow execution runs for at most one year. */
export const MAX_EXECUTION_SECONDS = 365 * 86400;

/**
 * Backoff before job recovery's re-attempt n (0-based): initial x 2^n seconds, plus a random jitter of up to half
 * of it (written once: the job-recovery definition waits these, the job-window rule adds them up).
 */
export function recoveryBackoffSeconds(maxAttempts: number, initialBackoffSeconds: number): { delays: number[]; jitters: number[] } {
  const delays = Array.from({ length: maxAttempts }, (_, n) => Math.round(initialBackoffSeconds * 2 ** n));
  return { delays, jitters: delays.map((d) => Math.max(1, Math.ceil(d / 2))) };
}

/** The longest job recovery can spend in backoff alone: every delay with its whole jitter. */
export function worstRecoveryBackoffSeconds(maxAttempts: number, initialBackoffSeconds: number): number {
  const { delays, jitters } = recoveryBackoffSeconds(maxAttempts, initialBackoffSeconds);
  return delays.reduce((sum, delay, n) => sum + delay + jitters[n], 0);
}

/** Callback waits (the first included) that cover a job of `maxJobSeconds` with waits of `callbackTimeoutSeconds`. */
export function waitRounds(maxJobSeconds: number, callbackTimeoutSeconds: number): number {
  return Math.max(1, Math.ceil(maxJobSeconds / callbackTimeoutSeconds));
}

/** How long the machines wait for one job at most: the longest completion window of the rules, and at least the default. */
export function maxJobDurationSeconds(completionWindowsMinutes: readonly number[]): number {
  return Math.max(DEFAULT_MAX_JOB_DURATION_SECONDS, ...completionWindowsMinutes.map((minutes) => minutes * 60));
}

/**
 * AWS Backup's windows of a backup rule that sets none: start within 8 hours ("Start within", StartWindowMinutes)
 * and complete within 7 days (CompletionWindowMinutes); StartBackupJob has the same defaults. A re-attempted job
 * is started with its rule's windows, these when the rule has none
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html).
 */
export const AWS_BACKUP_DEFAULT_WINDOWS = { startWindowMinutes: 8 * 60, completionWindowMinutes: DEFAULT_MAX_JOB_DURATION_SECONDS / 60 } as const;

/**
 * History events one callback wait round of a job adds (the wait Task's scheduled/started/submitted/timed-out events,
 * the describe Task's, a Choice and a Pass: about 15), and what a job adds besides its rounds (its start call, backoff,
 * result states, Map iteration events: a generous 40). With the machine's own states (200), these bound an execution's
 * history for the config rule orchestration/execution-history.
 */
export const HISTORY_EVENTS = { perWaitRound: 15, perJob: 40, perExecution: 200 } as const;

/** Worst-case history events of an execution that waits for `jobs` jobs of `rounds` callback waits each. */
export function worstCaseHistoryEvents(jobs: number, rounds: number): number {
  return jobs * (rounds * HISTORY_EVENTS.perWaitRound + HISTORY_EVENTS.perJob) + HISTORY_EVENTS.perExecution;
}
