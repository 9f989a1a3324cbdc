import { DEFAULT_CALLBACK_TIMEOUT_HOURS } from '../../config/defaults';
import { DEFAULT_MAX_JOB_DURATION_SECONDS, jobWaitBound } from '../../modules/orchestration/state-machines/job-wait-bound';
import { BENCH_COPY_TARGETS } from './orchestrator-bench-props';
import { POLL_INTERVAL_SECONDS } from './polling-baseline-definition';
import type { BenchPart, Cell } from './section';
import { callbackSideCostUsd, STANDARD_USD_PER_1000_TRANSITIONS, standardWorkflowCostUsd } from './step-functions-cost';
import { runCallbackDesign, runPollingDesign, TransitionRun } from './transition-scenarios';

/*
 * State transitions (and so Step Functions Standard cost) of one orchestrated backup-and-copy as its jobs run
 * longer: the callback design of the real orchestrator definition against a 1-minute polling loop, both executed
 * locally on a simulated clock and counted from the run.
 */

const HOUR = 3600;
const FULL_DURATIONS = [60, 600, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR];
const QUICK_DURATIONS = [60, HOUR, 12 * HOUR];
const DEFAULT_TIMEOUT = DEFAULT_CALLBACK_TIMEOUT_HOURS * HOUR;
/** The callback timeout of the test fixture (orchestratorProps): short enough to show what a job beyond it does. */
const SHORT_TIMEOUT = 6 * HOUR;
/** A job that outlasts every wait round (callback design only: a polling loop over it would take 90,000 states). */
const ENDLESS_JOB = 30 * 24 * HOUR;
const JOBS_PRICED = 1000;

function durationLabel(seconds: number): string {
  if (seconds >= 48 * HOUR) return `${seconds / (24 * HOUR)} d`;
  return seconds < HOUR ? `${seconds / 60} min` : `${seconds / HOUR} h`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function usd(amount: number): string {
  return amount.toFixed(3);
}

/** The outcome, the waits that timed out (each followed by a describe) and the re-wait rounds they led to. */
function outcomeLabel(run: TransitionRun): string {
  const { callbackTimeouts: n, rewaits, maxRoundsPerJob } = run.activity;
  const again = rewaits > 0 ? `; ${plural(rewaits, 're-wait')}, ${maxRoundsPerJob} rounds per job` : '';
  const timeouts = n > 0 ? ` (${plural(n, 'wait')} timed out, described${again})` : '';
  return `${run.outcome}${timeouts}${run.beyondExecutionTimeout ? ', beyond the execution timeout' : ''}`;
}

interface Measurement {
  readonly jobSeconds: number;
  readonly callbackDefault: TransitionRun;
  readonly callbackShort: TransitionRun;
  readonly polling: TransitionRun;
}

export const benchTransitions: BenchPart = async (options) => {
  const durations = options.quick ? QUICK_DURATIONS : FULL_DURATIONS;
  const measurements: Measurement[] = [];
  for (const jobSeconds of durations) {
    options.log(`  jobs of ${durationLabel(jobSeconds)}: callback (${DEFAULT_CALLBACK_TIMEOUT_HOURS} h and 6 h timeouts), polling every ${POLL_INTERVAL_SECONDS} s`);
    measurements.push({
      jobSeconds,
      callbackDefault: await runCallbackDesign(jobSeconds, DEFAULT_TIMEOUT),
      callbackShort: await runCallbackDesign(jobSeconds, SHORT_TIMEOUT),
      polling: await runPollingDesign(jobSeconds),
    });
  }
  for (const m of measurements) {
    if (m.callbackDefault.outcome !== 'SUCCEEDED' || m.callbackShort.outcome !== 'SUCCEEDED' || m.polling.outcome !== 'SUCCEEDED') {
      throw new Error(`jobs of ${durationLabel(m.jobSeconds)}: callback ${m.callbackDefault.outcome} / ${m.callbackShort.outcome}, polling ${m.polling.outcome}; all should succeed`);
    }
  }
  options.log(`  a job of ${durationLabel(ENDLESS_JOB)} (never done within the wait rounds): callback, 6 h timeout`);
  const endless = await runCallbackDesign(ENDLESS_JOB, SHORT_TIMEOUT);
  const shortBound = jobWaitBound({ callbackTimeoutSeconds: SHORT_TIMEOUT });

  const rows: Cell[][] = measurements.map((m) => [
    durationLabel(m.jobSeconds),
    m.callbackDefault.transitions,
    m.callbackShort.transitions,
    outcomeLabel(m.callbackShort),
    m.polling.transitions,
    usd(standardWorkflowCostUsd(m.callbackDefault.transitions, JOBS_PRICED)),
    usd(standardWorkflowCostUsd(m.polling.transitions, JOBS_PRICED)),
  ]);

  const first = measurements[0];
  const last = measurements[measurements.length - 1];
  const callbackCounts = measurements.map((m) => m.callbackDefault.transitions);
  const flat = Math.min(...callbackCounts) === Math.max(...callbackCounts);
  const pollingPerHour = Math.round(((last.polling.transitions - first.polling.transitions) / (last.jobSeconds - first.jobSeconds)) * HOUR);
  const jobsPerRun = 1 + BENCH_COPY_TARGETS;
  const waitsPerRun = first.callbackDefault.activity.callbackWaits;
  const sideCost = callbackSideCostUsd(waitsPerRun, JOBS_PRICED);
  const callbackCost = standardWorkflowCostUsd(first.callbackDefault.transitions, JOBS_PRICED);
  const beyondShort = measurements.find((m) => m.jobSeconds > SHORT_TIMEOUT);
  // A run whose waits timed out but needed no second round: the re-waits of `beyondShort` cost the difference.
  const oneRound = measurements.find((m) => m.callbackShort.activity.callbackTimeouts > 0 && m.callbackShort.activity.rewaits === 0);
  // Where the measured lines cross: polling's fixed part is smaller (it validates, records and notifies nothing).
  const pollingPerMinute = pollingPerHour / 60;
  const crossoverMinutes = first.jobSeconds / 60 + (first.callbackDefault.transitions - first.polling.transitions) / pollingPerMinute;

  return {
    id: 'transitions',
    title: `State transitions per backup + ${BENCH_COPY_TARGETS} copies, by job duration (Step Functions Standard, $ per ${JOBS_PRICED} jobs)`,
    columns: [
      'job duration',
      `callback (${DEFAULT_CALLBACK_TIMEOUT_HOURS} h timeout)`,
      'callback (6 h timeout)',
      'outcome with 6 h timeout',
      `polling every ${POLL_INTERVAL_SECONDS / 60} min`,
      `callback $/${JOBS_PRICED}`,
      `polling $/${JOBS_PRICED}`,
    ],
    rows,
    notes: [
      `Verdict: the callback design is ${flat ? `flat in job duration: ${callbackCounts[0]} transitions from ${durationLabel(first.jobSeconds)} to ${durationLabel(last.jobSeconds)}` : `not flat: ${callbackCounts.join(', ')} transitions`} (default ${DEFAULT_CALLBACK_TIMEOUT_HOURS} h callback timeout); polling grows linearly, ${pollingPerHour} transitions per hour of job duration (3 states per poll x ${HOUR / POLL_INTERVAL_SECONDS} polls an hour x ${jobsPerRun} jobs, the copies polled side by side), from ${first.polling.transitions} to ${last.polling.transitions}. Polling's smaller fixed part makes it cheaper only for jobs under about ${Math.max(1, Math.round(crossoverMinutes))} min.`,
      [
        'With a 6 h callback timeout (the test fixture\'s), a job that lasts the whole timeout is described after it (one more state per job).',
        beyondShort && oneRound
          ? `A job longer than the timeout is described, found RUNNING and waited for again (its task token stored anew): the ${durationLabel(beyondShort.jobSeconds)} jobs take ${beyondShort.callbackShort.activity.maxRoundsPerJob} rounds each and the run ends ${beyondShort.callbackShort.outcome} after ${beyondShort.callbackShort.transitions} transitions, ${(beyondShort.callbackShort.transitions - oneRound.callbackShort.transitions) / beyondShort.callbackShort.activity.rewaits} states (re-wait Pass, wait, describe, Choice) per re-wait.`
          : '',
        `The rounds are bounded: ${shortBound.rounds} waits of 6 h cover the default maximum job duration (${DEFAULT_MAX_JOB_DURATION_SECONDS / (24 * HOUR)} days, AWS Backup's default completion window); a backup still running after them (simulated: ${durationLabel(ENDLESS_JOB)}) ends ${endless.outcome} after ${endless.activity.callbackWaits} waits and ${endless.transitions} transitions${endless.beyondExecutionTimeout ? ', beyond the execution timeout' : ', within the execution timeout'}.`,
      ].filter(Boolean).join(' '),
      `Cost: $${STANDARD_USD_PER_1000_TRANSITIONS} per 1,000 state transitions (Step Functions Standard, us-east-1 list price); the 4,000 free transitions a month are ignored. $ per ${JOBS_PRICED} jobs = transitions x ${STANDARD_USD_PER_1000_TRANSITIONS}.`,
      `The callback design also pays, per wait, one DynamoDB put of the task token and one job-callback invocation for the job's event (${waitsPerRun} of each per run): roughly $${sideCost.toFixed(3)} per ${JOBS_PRICED} jobs at on-demand write and arm64 Lambda list prices (256 MB, 0.3 s, 3 writes per event: an estimate, not a quote), against $${usd(callbackCost)} of transitions. Polling pays instead one free but rate-limited Describe call per job per minute.`,
      `Counted, not computed: the real backup-orchestrator definition and a polling baseline (tools/bench/polling-baseline-definition.ts: Wait ${POLL_INTERVAL_SECONDS} s -> Describe -> Choice per job, without validation, audit or notification) run with aws-local-stepfunctions on a simulated clock. Waits take no real time; each poll advances its job ${POLL_INTERVAL_SECONDS} s; a callback wait ends with the job's event when the job ends before the wait's TimeoutSeconds, else with States.Timeout. Transitions = states entered, Map iterations included.`,
    ],
    data: {
      pricing: { usdPer1000Transitions: STANDARD_USD_PER_1000_TRANSITIONS, region: 'us-east-1', freeTierIgnored: true, jobsPriced: JOBS_PRICED },
      pollIntervalSeconds: POLL_INTERVAL_SECONDS,
      callbackTimeoutSeconds: { default: DEFAULT_TIMEOUT, short: SHORT_TIMEOUT },
      pollingTransitionsPerHour: pollingPerHour,
      callbackSideCostUsdPerJobs: sideCost,
      endlessJob: { jobSeconds: ENDLESS_JOB, waitRounds: shortBound.rounds, callbackShortTimeout: endless },
      measurements: measurements.map((m) => ({
        jobSeconds: m.jobSeconds,
        callbackDefaultTimeout: m.callbackDefault,
        callbackShortTimeout: m.callbackShort,
        polling: m.polling,
        usdPerJobs: { callback: standardWorkflowCostUsd(m.callbackDefault.transitions, JOBS_PRICED), polling: standardWorkflowCostUsd(m.polling.transitions, JOBS_PRICED) },
      })),
    },
  };
};
