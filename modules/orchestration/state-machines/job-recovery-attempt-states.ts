import type { JsonObject, State } from './asl-types';
import { jobWaitStates } from './job-wait-states';
import { waitedText } from './job-wait-bound';
import { catchAll, permanentErrors, serviceRetry } from './retry-and-catch';
import { successSummaryState } from './summary-states';
import { CONDITIONAL_CHECK_FAILED } from './task-token-wait';
import { eventFields, failedJobIdPath, JOB_RECOVERY_MACHINE as MACHINE, type Kind, type RecoveryKit } from './job-recovery-context';

/**
 * A way to re-start the job: its own ComputeBackoff / Backoff / Restart states (names suffixed), all joining at
 * WaitForJob. A variant with `when` is taken by AttemptFailed when that Choice rule holds; the unsuffixed variant
 * (no `when`) is the default. Choosing the variant where the path branches anyway costs no extra transitions.
 */
export interface RestartVariant { readonly suffix: string; readonly start: State; readonly when?: JsonObject }

/** How to tell a finished attempt: the callback fields and the describe call (see `jobWaitStates`). */
export interface AttemptCheck {
  readonly callbackFields: readonly string[];
  readonly describe: { readonly integration: string; readonly parameters: JsonObject; readonly jobPath?: string };
  readonly describedFields: readonly string[];
  readonly running: readonly string[];
}

/**
 * Backoff, re-start, wait by callback (describe on timeout, wait again while running); every failure counts as a failed attempt, except
 * a permanent error of the re-start, the token put or the describe (invalid request, not found, access denied):
 * the next attempt would fail the same way, so it ends RECOVERY_ERROR at once (`<kind>PermanentError`).
 */
export function attemptStates(
  k: RecoveryKit, kind: Kind, variants: readonly RestartVariant[], check: AttemptCheck, summaryFields: JsonObject = {},
  completedNext: { completed: string; completedPerDescribe: string } = { completed: `${kind}Recovered`, completedPerDescribe: `${kind}Recovered` },
): Record<string, State> {
  const { props, arn, fail } = k;
  const p = (name: string) => `${kind}${name}`;
  const jobType = kind === 'Backup' ? 'BACKUP' : 'COPY';
  const statePath = `${check.describe.jobPath ?? '$.describedJob'}.State`;
  const attemptFailed = catchAll(p('AttemptFailed'), '$.attemptError');
  const permanent = (errors: readonly string[]): JsonObject => ({ ErrorEquals: [...errors], ResultPath: '$.attemptError', Next: p('PermanentError') });
  const moreAttempts: JsonObject = { Variable: '$.recovery.attempt', NumericLessThan: props.maxAttempts };
  const restarts = (v: RestartVariant): Record<string, State> => ({
    [p(`ComputeBackoff${v.suffix}`)]: {
      Type: 'Pass',
      Comment: 'Next attempt number and its delay: the precomputed doubling delay plus random jitter.',
      Parameters: {
        'attempt.$': 'States.MathAdd($.recovery.attempt, 1)',
        'waitSeconds.$': 'States.MathAdd(States.ArrayGetItem($.recovery.delays, $.recovery.attempt), States.MathRandom(0, States.ArrayGetItem($.recovery.jitters, $.recovery.attempt)))',
        'delays.$': '$.recovery.delays',
        'jitters.$': '$.recovery.jitters',
        'job': { jobId: 'not started' },
      },
      ResultPath: '$.recovery',
      Next: p(`Backoff${v.suffix}`),
    },
    [p(`Backoff${v.suffix}`)]: { Type: 'Wait', SecondsPath: '$.recovery.waitSeconds', Next: p(`Restart${v.suffix}`) },
    [p(`Restart${v.suffix}`)]: {
      ...v.start,
      Retry: serviceRetry(props.retry, v.start.Resource as string),
      Catch: [permanent(permanentErrors(v.start.Resource as string)), attemptFailed],
      Next: p('WaitForJob'),
    },
  });
  return {
    ...Object.assign({}, ...variants.map(restarts)),
    ...jobWaitStates(props, {
      names: {
        wait: p('WaitForJob'), check: p('CheckResult'), describe: p('DescribeJob'), status: p('JobStatus'),
        firstRewait: p('FirstRewait'), nextRewait: p('NextRewait'),
      },
      jobType,
      jobIdPath: '$.recovery.job.jobId',
      // Under $.recovery, which ComputeBackoff rebuilds: each re-attempt's job starts again at round 1.
      roundPath: '$.recovery.wait',
      callback: { resultPath: '$.attemptResult', requiredFields: check.callbackFields },
      describe: { ...check.describe, resultPath: '$.describedJob' },
      statusField: 'State',
      describedRequiredFields: check.describedFields,
      runningStates: check.running,
      next: { ...completedNext, running: p('AttemptTimedOut'), failed: p('AttemptEndedUnsuccessfully') },
      // A failed put of the task token (the table missing, an item refused) fails every attempt the same way; a
      // refused conditional put is not one: it means the job's event came first (the wait's own catcher).
      waitCatchers: [permanent(permanentErrors(arn('aws-sdk:dynamodb:putItem.waitForTaskToken')).filter((e) => !CONDITIONAL_CHECK_FAILED.includes(e))), attemptFailed],
      describeCatch: { next: p('AttemptFailed'), resultPath: '$.attemptError', catchers: [permanent(permanentErrors(arn(check.describe.integration)))] },
    }),
    [p('AttemptTimedOut')]: {
      Type: 'Pass',
      Parameters: {
        'Error': `${kind}JobTimedOut`,
        'Cause.$': `States.Format('${kind} job {} is still {} ${waitedText(props)}', $.recovery.job.jobId, ${statePath})`,
      },
      ResultPath: '$.attemptError',
      Next: p('AttemptFailed'),
    },
    [p('AttemptEndedUnsuccessfully')]: {
      Type: 'Pass',
      Parameters: { 'Error': `${kind}JobFailed`, 'Cause.$': 'States.JsonToString($.describedJob)' },
      ResultPath: '$.attemptError',
      Next: p('AttemptFailed'),
    },
    [p('AttemptFailed')]: {
      Type: 'Choice',
      Comment: `At most ${props.maxAttempts} attempts.`,
      Choices: [
        ...variants.filter((v) => v.when).map((v) => ({ And: [moreAttempts, v.when as JsonObject], Next: p(`ComputeBackoff${v.suffix}`) })),
        { ...moreAttempts, Next: p('ComputeBackoff') },
      ],
      Default: p('Escalate'),
    },
    ...fail(p('Escalate'), {
      outcome: 'ESCALATED', stage: p('Restart'), errorPath: '$.attemptError',
      fields: {
        ...eventFields(kind),
        'attempts.$': '$.recovery.attempt',
        'lastAttemptJobId.$': '$.recovery.job.jobId',
        'lastError.$': '$.attemptError',
        'message.$': `States.Format('${kind} job {} of {} failed again after {} re-attempts; last error {}: {}', ${failedJobIdPath(kind)}, $.event.detail.resourceArn, $.recovery.attempt, $.attemptError.Error, $.attemptError.Cause)`,
        ...summaryFields,
      },
    }),
    ...fail(p('PermanentError'), {
      outcome: 'RECOVERY_ERROR', stage: p('Restart'), errorPath: '$.attemptError',
      fields: {
        ...eventFields(kind),
        'attempts.$': '$.recovery.attempt',
        'attemptJobId.$': '$.recovery.job.jobId',
        'message.$': `States.Format('Re-attempt {} of ${kind.toLowerCase()} job {} of {} stopped by an error no re-attempt fixes, {}: {}', $.recovery.attempt, ${failedJobIdPath(kind)}, $.event.detail.resourceArn, $.attemptError.Error, $.attemptError.Cause)`,
        ...summaryFields,
      },
    }),
    [p('Recovered')]: successSummaryState(MACHINE, 'RECOVERED', {
      ...eventFields(kind),
      'attempts.$': '$.recovery.attempt',
      'newJobId.$': '$.recovery.job.jobId',
      ...summaryFields,
    }),
  };
}
