import { dummyArn } from './neutral-identifiers';

/*
 * AWS Backup on a simulated clock, for counting state transitions without waiting hours. Every job (the backup and
 * each copy) runs `jobSeconds` from the moment it is started; each job keeps its own clock, because the copies of a
 * Map run side by side and a state machine only ever looks at one job at a time. The clock moves only when the
 * state machine waits: a callback wait moves it to the job's end or by the wait's timeout, whichever comes first; a
 * poll moves it by the Wait that precedes it.
 */

export type JobKind = 'BACKUP' | 'COPY';
export type JobState = 'RUNNING' | 'COMPLETED';

interface SimulatedJob {
  readonly kind: JobKind;
  /** Seconds since the job started, as far as the state machine has waited for it. */
  elapsedSeconds: number;
  /** Callback waits entered for this job (wait rounds). */
  waits: number;
}

/** What the simulation counted, besides the transitions. */
export interface ServiceActivity {
  /** Callback waits entered (each one a DynamoDB put of a task token in the callback design). */
  readonly callbackWaits: number;
  /** Callback waits that ended by their timeout rather than by the job's event. */
  readonly callbackTimeouts: number;
  /** Callback waits entered again for a job after a timeout (its token stored anew): waits beyond each job's first. */
  readonly rewaits: number;
  /** The most wait rounds any one job took. */
  readonly maxRoundsPerJob: number;
  readonly describes: number;
  /** Simulated seconds from the backup's start to the end of the slowest copy (copies run side by side). */
  readonly executionSeconds: number;
}

export class SimulatedBackupService {
  private readonly jobs = new Map<string, SimulatedJob>();
  private callbackWaits = 0;
  private callbackTimeouts = 0;
  private describes = 0;

  constructor(readonly jobSeconds: number) {}

  start(kind: JobKind): string {
    const jobId = `${kind.toLowerCase()}-job-${this.jobs.size + 1}`;
    this.jobs.set(jobId, { kind, elapsedSeconds: 0, waits: 0 });
    return jobId;
  }

  /**
   * A callback wait of at most `timeoutSeconds`. The job's event releases the wait only when the job ends strictly
   * before the timeout: an event arrives a moment after the job ends, so a job as long as the timeout loses the race.
   */
  waitForEvent(jobId: string, timeoutSeconds: number): 'EVENT' | 'TIMEOUT' {
    const job = this.job(jobId);
    this.callbackWaits++;
    job.waits++;
    const remaining = this.jobSeconds - job.elapsedSeconds;
    if (remaining < timeoutSeconds) {
      job.elapsedSeconds = this.jobSeconds;
      return 'EVENT';
    }
    job.elapsedSeconds += timeoutSeconds;
    this.callbackTimeouts++;
    return 'TIMEOUT';
  }

  /** The job as DescribeBackupJob / DescribeCopyJob report it now, after waiting `waitedSeconds` more. */
  describe(jobId: string, waitedSeconds = 0): JobState {
    const job = this.job(jobId);
    this.describes++;
    job.elapsedSeconds += waitedSeconds;
    return job.elapsedSeconds >= this.jobSeconds ? 'COMPLETED' : 'RUNNING';
  }

  recoveryPointArn(jobId: string): string {
    return dummyArn('backup', `recovery-point:rp-${jobId}`);
  }

  activity(): ServiceActivity {
    const all = [...this.jobs.values()];
    const backup = all.filter((j) => j.kind === 'BACKUP').reduce((s, j) => s + j.elapsedSeconds, 0);
    const slowestCopy = Math.max(0, ...all.filter((j) => j.kind === 'COPY').map((j) => j.elapsedSeconds));
    return {
      callbackWaits: this.callbackWaits,
      callbackTimeouts: this.callbackTimeouts,
      rewaits: all.reduce((n, j) => n + Math.max(0, j.waits - 1), 0),
      maxRoundsPerJob: Math.max(0, ...all.map((j) => j.waits)),
      describes: this.describes,
      executionSeconds: backup + slowestCopy,
    };
  }

  private job(jobId: string): SimulatedJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`simulated AWS Backup: no job ${jobId}`);
    return job;
  }
}

/** An error as a Task integration reports it: `name` is the Error a Retry or Catch matches. */
export function taskError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}
