import {
  BACKUP_TRANSIENT_ERRORS,
  catchAll,
  clockStates,
  CLOCK_STATES,
  failureSummaryState,
  integrationArn,
  JsonObject,
  State,
  StateMachineDefinition,
  successSummaryState,
  tailStates,
  transientRetry,
  waitForJobState,
} from './asl';
import type { JobRecoveryDefinitionProps } from './definition-props';

export const JOB_RECOVERY_MACHINE = 'job-recovery';
const MACHINE = JOB_RECOVERY_MACHINE;

/** Backoff before re-attempt n (0-based): initial × 2^n seconds, plus a random jitter of up to half of it. */
export function recoveryBackoff(props: Pick<JobRecoveryDefinitionProps, 'maxAttempts' | 'initialBackoffSeconds'>): { delays: number[]; jitters: number[] } {
  const delays = Array.from({ length: props.maxAttempts }, (_, n) => Math.round(props.initialBackoffSeconds * 2 ** n));
  return { delays, jitters: delays.map((d) => Math.max(1, Math.ceil(d / 2))) };
}

type Kind = 'Backup' | 'Copy';

/**
 * Re-attempts a failed scheduled backup or copy job with backoff, then escalates.
 *
 * Input: the EventBridge event (Backup Job State Change FAILED / ABORTED / EXPIRED / COMPLETED with issues, or Copy
 * Job State Change FAILED). A backup job is re-started with the lifecycle and recovery point tags of the rule that
 * created it (GetBackupPlan of the plan version in `createdBy`, rule found by `backupPlanRuleId`), in the event's
 * vault, for the event's resource. A copy job is re-started from DescribeCopyJob: same source recovery point,
 * source vault (parsed from the source vault ARN, 7th field), destination vault. No Lifecycle is passed: the
 * lifecycle of the plan's copy action is not looked up (yet), so the copy gets no lifecycle of its own.
 * Each re-attempt waits `delays[n] + random(0, jitters[n])` seconds first and then waits for the job by callback.
 * Outcomes: RECOVERED (Succeed), ESCALATED (attempts exhausted), INVALID_EVENT, RECOVERY_ERROR (the machine could
 * not prepare a re-attempt): all recorded and notified.
 */
export function jobRecoveryDefinition(props: JobRecoveryDefinitionProps): StateMachineDefinition {
  if (!Number.isInteger(props.maxAttempts) || props.maxAttempts < 1) throw new Error('jobRecoveryDefinition: maxAttempts must be a positive integer');
  if (!(props.initialBackoffSeconds >= 1)) throw new Error('jobRecoveryDefinition: initialBackoffSeconds must be at least 1');
  const arn = (service: string) => integrationArn(props.partition, service);
  const backupRetry = transientRetry(props.retry, BACKUP_TRANSIENT_ERRORS);
  const { delays, jitters } = recoveryBackoff(props);
  const timeoutSeconds = props.maxAttempts * props.callbackTimeoutSeconds + delays.reduce((a, d, i) => a + d + jitters[i], 0) + 3600;
  const fail = (name: string, f: Parameters<typeof failureSummaryState>[1]): Record<string, State> => ({ [name]: failureSummaryState(MACHINE, f) });

  const eventFields = (kind: Kind): JsonObject => ({
    'resourceArn.$': '$.event.detail.resourceArn',
    'jobType': kind === 'Backup' ? 'BACKUP' : 'COPY',
    'failedJobId.$': kind === 'Backup' ? '$.event.detail.backupJobId' : '$.event.detail.copyJobId',
    'event.$': '$.event',
  });

  /** Backoff, re-start, wait by callback, describe once on timeout; every failure counts as a failed attempt. */
  function attemptStates(kind: Kind, start: State, describe: State, completed: JsonObject[], describedCompleted: JsonObject[], running: string[], statePath: string): Record<string, State> {
    const p = (name: string) => `${kind}${name}`;
    const jobType = kind === 'Backup' ? 'BACKUP' : 'COPY';
    return {
      [p('ComputeBackoff')]: {
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
        Next: p('Backoff'),
      },
      [p('Backoff')]: { Type: 'Wait', SecondsPath: '$.recovery.waitSeconds', Next: p('Restart') },
      [p('Restart')]: { ...start, Retry: backupRetry, Catch: [catchAll(p('AttemptFailed'), '$.attemptError')], Next: p('WaitForJob') },
      [p('WaitForJob')]: waitForJobState(props, {
        jobIdPath: '$.recovery.job.jobId',
        jobType,
        resultPath: '$.attemptResult',
        next: p('CheckResult'),
        describeNext: p('DescribeJob'),
        catchers: [catchAll(p('AttemptFailed'), '$.attemptError')],
      }),
      [p('CheckResult')]: {
        Type: 'Choice',
        Choices: [{ And: [{ Variable: '$.attemptResult.state', IsPresent: true }, { Variable: '$.attemptResult.state', StringEquals: 'COMPLETED' }, ...completed], Next: p('Recovered') }],
        Default: p('DescribeJob'),
      },
      [p('DescribeJob')]: {
        ...describe,
        Comment: 'Once, after the callback timed out or the event came first: no polling.',
        ResultPath: '$.describedJob',
        Retry: backupRetry,
        Catch: [catchAll(p('AttemptFailed'), '$.attemptError')],
        Next: p('JobStatus'),
      },
      [p('JobStatus')]: {
        Type: 'Choice',
        Choices: [
          { And: [{ Variable: statePath, StringEquals: 'COMPLETED' }, ...describedCompleted], Next: p('Recovered') },
          { Or: running.map((s) => ({ Variable: statePath, StringEquals: s })), Next: p('AttemptTimedOut') },
        ],
        Default: p('AttemptEndedUnsuccessfully'),
      },
      [p('AttemptTimedOut')]: {
        Type: 'Pass',
        Parameters: {
          'Error': `${kind}JobTimedOut`,
          'Cause.$': `States.Format('${kind} job {} is still {} after the callback timeout of ${props.callbackTimeoutSeconds} seconds', $.recovery.job.jobId, ${statePath})`,
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
        Choices: [{ Variable: '$.recovery.attempt', NumericLessThan: props.maxAttempts, Next: p('ComputeBackoff') }],
        Default: p('Escalate'),
      },
      ...fail(p('Escalate'), {
        outcome: 'ESCALATED', stage: p('Restart'), errorPath: '$.attemptError',
        fields: {
          ...eventFields(kind),
          'attempts.$': '$.recovery.attempt',
          'lastAttemptJobId.$': '$.recovery.job.jobId',
          'lastError.$': '$.attemptError',
          'message.$': `States.Format('${kind} job {} of {} failed again after {} re-attempts; last error {}: {}', ${kind === 'Backup' ? '$.event.detail.backupJobId' : '$.event.detail.copyJobId'}, $.event.detail.resourceArn, $.recovery.attempt, $.attemptError.Error, $.attemptError.Cause)`,
        },
      }),
      [p('Recovered')]: successSummaryState(MACHINE, 'RECOVERED', {
        ...eventFields(kind),
        'attempts.$': '$.recovery.attempt',
        'newJobId.$': '$.recovery.job.jobId',
      }),
    };
  }

  const states: Record<string, State> = {
    Start: {
      Type: 'Pass',
      Comment: 'Keeps the event under $.event and sets up the attempt counter and backoff delays.',
      Parameters: {
        'event.$': '$',
        'recovery': { attempt: 0, delays, jitters, job: { jobId: 'not started' } },
        'defaults': { Lifecycle: {}, RecoveryPointTags: {} },
      },
      Next: CLOCK_STATES.read,
    },
    ...clockStates(props, timeoutSeconds + 86400, 'ClassifyEvent'),
    ClassifyEvent: {
      Type: 'Choice',
      Choices: [
        {
          And: ['backupJobId', 'resourceArn', 'backupVaultName', 'createdBy.backupPlanId', 'createdBy.backupPlanVersion', 'createdBy.backupPlanRuleId']
            .map((f) => ({ Variable: `$.event.detail.${f}`, IsPresent: true })),
          Next: 'GetBackupPlan',
        },
        { And: ['copyJobId', 'resourceArn'].map((f) => ({ Variable: `$.event.detail.${f}`, IsPresent: true })), Next: 'DescribeFailedCopyJob' },
      ],
      Default: 'InvalidEvent',
    },

    // Backup job: find the rule that created it.
    GetBackupPlan: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:getBackupPlan'),
      Parameters: { 'BackupPlanId.$': '$.event.detail.createdBy.backupPlanId', 'VersionId.$': '$.event.detail.createdBy.backupPlanVersion' },
      ResultSelector: { 'rules.$': '$.BackupPlan.Rules', 'planName.$': '$.BackupPlan.BackupPlanName' },
      ResultPath: '$.plan',
      Retry: backupRetry,
      Catch: [catchAll('GetBackupPlanFailed')],
      Next: 'FindRule',
    },
    FindRule: {
      Type: 'Map',
      Comment: 'Marks the rule whose RuleId is the event\'s backupPlanRuleId (defaults merged in for optional fields).',
      ItemsPath: '$.plan.rules',
      ItemSelector: { 'rule.$': '$$.Map.Item.Value', 'wantedRuleId.$': '$.event.detail.createdBy.backupPlanRuleId', 'defaults.$': '$.defaults' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'IsThisTheRule',
        States: {
          IsThisTheRule: {
            Type: 'Choice',
            Choices: [{ Variable: '$.rule.RuleId', StringEqualsPath: '$.wantedRuleId', Next: 'RuleMatches' }],
            Default: 'RuleDoesNotMatch',
          },
          RuleMatches: { Type: 'Pass', Parameters: { 'matched': true, 'rule.$': 'States.JsonMerge($.defaults, $.rule, false)' }, End: true },
          RuleDoesNotMatch: { Type: 'Pass', Result: { matched: false }, End: true },
        },
      },
      ResultSelector: { 'flags.$': '$[*].matched', 'results.$': '$' },
      ResultPath: '$.ruleSearch',
      Catch: [catchAll('GetBackupPlanFailed')],
      Next: 'CheckRuleFound',
    },
    CheckRuleFound: {
      Type: 'Pass',
      Parameters: { 'found.$': 'States.ArrayContains($.ruleSearch.flags, true)', 'results.$': '$.ruleSearch.results' },
      ResultPath: '$.ruleSearch',
      Next: 'RuleFound',
    },
    RuleFound: {
      Type: 'Choice',
      Choices: [{ Variable: '$.ruleSearch.found', BooleanEquals: true, Next: 'PickRule' }],
      Default: 'RuleNotFound',
    },
    PickRule: {
      Type: 'Pass',
      Parameters: { 'matches.$': '$.ruleSearch.results[?(@.matched == true)]' },
      ResultPath: '$.ruleSearch',
      Next: 'BackupComputeBackoff',
    },

    // Copy job: what to copy again.
    DescribeFailedCopyJob: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:describeCopyJob'),
      Parameters: { 'CopyJobId.$': '$.event.detail.copyJobId' },
      ResultSelector: {
        'sourceRecoveryPointArn.$': '$.CopyJob.SourceRecoveryPointArn',
        'sourceVaultName.$': "States.ArrayGetItem(States.StringSplit($.CopyJob.SourceBackupVaultArn, ':'), 6)",
        'destinationVaultArn.$': '$.CopyJob.DestinationBackupVaultArn',
      },
      ResultPath: '$.copySource',
      Retry: backupRetry,
      Catch: [catchAll('DescribeFailedCopyJobFailed')],
      Next: 'CopyComputeBackoff',
    },

    ...attemptStates(
      'Backup',
      {
        Type: 'Task',
        Resource: arn('aws-sdk:backup:startBackupJob'),
        Parameters: {
          'BackupVaultName.$': '$.event.detail.backupVaultName',
          'ResourceArn.$': '$.event.detail.resourceArn',
          'IamRoleArn': props.backupRoleArn,
          'IdempotencyToken.$': "States.Format('{}-attempt-{}', $$.Execution.Name, $.recovery.attempt)",
          'Lifecycle.$': '$.ruleSearch.matches[0].rule.Lifecycle',
          'RecoveryPointTags.$': '$.ruleSearch.matches[0].rule.RecoveryPointTags',
        },
        ResultSelector: { 'jobId.$': '$.BackupJobId' },
        ResultPath: '$.recovery.job',
      },
      { Type: 'Task', Resource: arn('aws-sdk:backup:describeBackupJob'), Parameters: { 'BackupJobId.$': '$.recovery.job.jobId' } },
      [{ Variable: '$.attemptResult.recoveryPointArn', IsPresent: true }],
      [{ Variable: '$.describedJob.RecoveryPointArn', IsPresent: true }],
      ['CREATED', 'PENDING', 'RUNNING', 'ABORTING'],
      '$.describedJob.State',
    ),
    ...attemptStates(
      'Copy',
      {
        Type: 'Task',
        Resource: arn('aws-sdk:backup:startCopyJob'),
        Parameters: {
          'RecoveryPointArn.$': '$.copySource.sourceRecoveryPointArn',
          'SourceBackupVaultName.$': '$.copySource.sourceVaultName',
          'DestinationBackupVaultArn.$': '$.copySource.destinationVaultArn',
          'IamRoleArn': props.backupRoleArn,
          'IdempotencyToken.$': "States.Format('{}-attempt-{}', $$.Execution.Name, $.recovery.attempt)",
        },
        ResultSelector: { 'jobId.$': '$.CopyJobId' },
        ResultPath: '$.recovery.job',
      },
      { Type: 'Task', Resource: arn('aws-sdk:backup:describeCopyJob'), Parameters: { 'CopyJobId.$': '$.recovery.job.jobId' } },
      [],
      [],
      ['CREATED', 'RUNNING'],
      '$.describedJob.CopyJob.State',
    ),

    ...fail('InvalidEvent', {
      outcome: 'INVALID_EVENT', stage: 'ClassifyEvent', error: 'UnsupportedEvent',
      cause: 'Not a Backup Job State Change of a plan rule nor a Copy Job State Change, or fields are missing.',
      fields: { 'resourceArn': 'unknown', 'event.$': '$.event' },
    }),
    ...fail('GetBackupPlanFailed', { outcome: 'RECOVERY_ERROR', stage: 'GetBackupPlan', errorPath: '$.error', fields: eventFields('Backup') }),
    ...fail('RuleNotFound', {
      outcome: 'RECOVERY_ERROR', stage: 'FindRule', error: 'RuleNotFound', causeIsExpression: true,
      cause: "States.Format('Rule {} is not in version {} of backup plan {}', $.event.detail.createdBy.backupPlanRuleId, $.event.detail.createdBy.backupPlanVersion, $.event.detail.createdBy.backupPlanId)",
      fields: eventFields('Backup'),
    }),
    ...fail('DescribeFailedCopyJobFailed', { outcome: 'RECOVERY_ERROR', stage: 'DescribeFailedCopyJob', errorPath: '$.error', fields: eventFields('Copy') }),
    ...tailStates(props, MACHINE),
  };

  return {
    Comment: 'Re-attempts a failed scheduled AWS Backup backup or copy job with backoff (callback waits, no polling), escalates when attempts run out; records and notifies every outcome.',
    StartAt: 'Start',
    TimeoutSeconds: timeoutSeconds,
    States: states,
  };
}
