import { JsonObject, State, StateMachineDefinition } from './asl-types';
import { definitionKit, startStates, stateMachineDefinition } from './definition-kit';
import { jobWaitBound, waitedText } from './job-wait-bound';
import { jobWaitStates } from './job-wait-states';
import { catchAll, permanentErrors, serviceRetry } from './retry-and-catch';
import { quietSuccessState, successSummaryState } from './summary-states';
import { tailStates } from './tail-states';
import { CONDITIONAL_CHECK_FAILED } from './task-token-wait';
import { stepFunctionsNames } from '../../../config/aws-facts';
import { AWS_BACKUP_DEFAULT_WINDOWS, recoveryBackoffSeconds } from '../../../config/orchestration-limits';
import { copyJobStates } from './copy-states';
import type { JobRecoveryDefinitionProps } from './definition-props';

/* Longer than 300 lines because it is one ASL document (backup and copy restarts, the recovered backup's copies, escalation) whose states name each other; the copy states it shares with the orchestrator are in copy-states.ts. Its per-kind restart branches are the next part to move out, with the layout issue (15). */

export const JOB_RECOVERY_MACHINE = 'job-recovery';
const MACHINE = JOB_RECOVERY_MACHINE;

/** Backoff before re-attempt n (0-based): config/orchestration-limits.ts. */
export function recoveryBackoff(props: Pick<JobRecoveryDefinitionProps, 'maxAttempts' | 'initialBackoffSeconds'>): { delays: number[]; jitters: number[] } {
  return recoveryBackoffSeconds(props.maxAttempts, props.initialBackoffSeconds);
}

type Kind = 'Backup' | 'Copy';

/**
 * Re-attempts a failed scheduled backup or copy job with backoff, then escalates.
 *
 * Input: the EventBridge event (Backup Job State Change FAILED / EXPIRED / COMPLETED with issues, or Copy
 * Job State Change FAILED). A backup job is re-started with the lifecycle and recovery point tags of the rule that
 * created it (GetBackupPlan of the plan version in `createdBy`, rule found by `backupPlanRuleId`), in the event's
 * vault, for the event's resource. A copy job is re-started from DescribeCopyJob: same source recovery point,
 * source vault (parsed from the source vault ARN, 7th field), destination vault. When DescribeCopyJob names the plan
 * rule that created the copy (`CreatedBy` with `BackupPlanId`, `BackupPlanVersion` and `BackupRuleId`: the field names of
 * RecoveryPointCreator in the service model, https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RecoveryPointCreator.html;
 * the EventBridge event's `createdBy.backupPlanRuleId` is spelled differently), the same plan lookup finds the rule
 * (the states are shared, the plan reference normalized under `$.planRef`), then its copy action whose
 * `DestinationBackupVaultArn` equals the copy job's destination vault: that action's Lifecycle (defaults to {}) is
 * passed to StartCopyJob. An on-demand copy (no CreatedBy), a rule missing from the plan version or no matching copy
 * action re-starts without a Lifecycle. The record says which: `lifecycleSource` 'plan copy action' | 'none found'.
 * Each re-attempt waits `delays[n] + random(0, jitters[n])` seconds first and then waits for the job by callback, in
 * rounds while the job is still running (see `jobWaitStates`); one still running after the last round is a failed
 * attempt.
 * Outcomes: RECOVERED (Succeed), ESCALATED (attempts exhausted), INVALID_EVENT, RECOVERY_ERROR (the machine could
 * not prepare a re-attempt, e.g. GetBackupPlan failed, or a re-attempt's call failed with an error no re-attempt
 * fixes: invalid request, not found, access denied): all recorded and notified. DUPLICATE_EVENT (Succeed, neither
 * recorded nor notified): another execution already claimed the recovery of the same failed job (see claimStates).
 */
export function jobRecoveryDefinition(props: JobRecoveryDefinitionProps): StateMachineDefinition {
  if (!Number.isInteger(props.maxAttempts) || props.maxAttempts < 1) throw new Error('jobRecoveryDefinition: maxAttempts must be a positive integer');
  if (!(props.initialBackoffSeconds >= 1)) throw new Error('jobRecoveryDefinition: initialBackoffSeconds must be at least 1');
  const { arn, retry, fail } = definitionKit(props, MACHINE);
  const { delays, jitters } = recoveryBackoff(props);
  // Every attempt's wait rounds, then the rule's copies of a recovered backup (side by side in the Map), plus an hour.
  const timeoutSeconds = (props.maxAttempts + 1) * jobWaitBound(props).seconds + delays.reduce((a, d, i) => a + d + jitters[i], 0) + 3600;

  /** JSONPath of the failed job's ID in the event. */
  const failedJobIdPath = (kind: Kind) => (kind === 'Backup' ? '$.event.detail.backupJobId' : '$.event.detail.copyJobId');
  const eventFields = (kind: Kind): JsonObject => ({
    'resourceArn.$': '$.event.detail.resourceArn',
    'jobType': kind === 'Backup' ? 'BACKUP' : 'COPY',
    'failedJobId.$': failedJobIdPath(kind),
    'event.$': '$.event',
  });

  /**
   * EventBridge delivers at least once and a rule target cannot name the execution, so one failure event can start
   * two executions. The first state after the classification claims the recovery of the failed job with a
   * conditional put of `recovery#<failed job ID>` into the task-token table (expiring with the task tokens, after
   * the machine's timeout): only the first execution goes on; a later one ends DUPLICATE_EVENT, a success that is
   * neither recorded nor notified (the first execution does both). Any other error of the put: RECOVERY_ERROR.
   */
  const claimStates = (kind: Kind, next: string): Record<string, State> => ({
    [`Claim${kind}Recovery`]: {
      Type: 'Task',
      Comment: 'Only one execution per failed job: a duplicate delivery of the event fails the conditional put.',
      Resource: arn('dynamodb:putItem'),
      Parameters: {
        TableName: props.taskTokenTableName,
        Item: {
          jobId: { 'S.$': `States.Format('recovery#{}', ${failedJobIdPath(kind)})` },
          executionArn: { 'S.$': '$$.Execution.Id' },
          expiresAt: { 'N.$': '$.clock.tokenExpiresAt' },
        },
        ConditionExpression: 'attribute_not_exists(jobId)',
      },
      ResultPath: null,
      Retry: retry('dynamodb:putItem'),
      Catch: [
        { ErrorEquals: stepFunctionsNames('dynamodb', 'PutItem', 'ConditionalCheckFailedException'), ResultPath: '$.claimError', Next: `Duplicate${kind}Event` },
        catchAll(`Claim${kind}RecoveryFailed`),
      ],
      Next: next,
    },
    [`Duplicate${kind}Event`]: quietSuccessState(MACHINE, 'DUPLICATE_EVENT', {
      ...eventFields(kind),
      reason: 'Another execution has already claimed the recovery of this job (the event was delivered more than once); it records and notifies the outcome.',
    }),
    ...fail(`Claim${kind}RecoveryFailed`, { outcome: 'RECOVERY_ERROR', stage: `Claim${kind}Recovery`, errorPath: '$.error', fields: eventFields(kind) }),
  });

  /**
   * A way to re-start the job: its own ComputeBackoff / Backoff / Restart states (names suffixed), all joining at
   * WaitForJob. A variant with `when` is taken by AttemptFailed when that Choice rule holds; the unsuffixed variant
   * (no `when`) is the default. Choosing the variant where the path branches anyway costs no extra transitions.
   */
  interface RestartVariant { suffix: string; start: State; when?: JsonObject }

  /** How to tell a finished attempt: the callback fields and the describe call (see `jobWaitStates`). */
  interface AttemptCheck {
    callbackFields: string[];
    describe: { integration: string; parameters: JsonObject; jobPath?: string };
    describedFields: string[];
    running: string[];
  }

  /**
   * Backoff, re-start, wait by callback (describe on timeout, wait again while running); every failure counts as a failed attempt, except
   * a permanent error of the re-start, the token put or the describe (invalid request, not found, access denied):
   * the next attempt would fail the same way, so it ends RECOVERY_ERROR at once (`<kind>PermanentError`).
   */
  function attemptStates(
    kind: Kind, variants: RestartVariant[], check: AttemptCheck, summaryFields: JsonObject = {},
    completedNext: { completed: string; completedPerDescribe: string } = { completed: `${kind}Recovered`, completedPerDescribe: `${kind}Recovered` },
  ): Record<string, State> {
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

  /**
   * Map + Choice `StringEqualsPath` search: every item of `itemsPath` is marked matched when its `key` equals the
   * value at `wantedPath` (the matched item gets the defaults at `defaultsPath` merged in for optional fields), then
   * a Pass state reduces the marks to `{ found, results }` at `resultPath`. One Map iteration (two inner
   * transitions) per item; no loops. Pick the match with the filter `results[?(@.matched == true)]` once found.
   */
  function searchStates(o: {
    map: string; check: string; comment: string; itemsPath: string; item: string; key: string; wantedPath: string; defaultsPath: string;
    inner: { test: string; matches: string; doesNotMatch: string }; resultPath: string; onError: string; next: string;
  }): Record<string, State> {
    return {
      [o.map]: {
        Type: 'Map',
        Comment: o.comment,
        ItemsPath: o.itemsPath,
        ItemSelector: { [`${o.item}.$`]: '$$.Map.Item.Value', 'wanted.$': o.wantedPath, 'defaults.$': o.defaultsPath },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: o.inner.test,
          States: {
            [o.inner.test]: {
              Type: 'Choice',
              Choices: [{ Variable: `$.${o.item}.${o.key}`, StringEqualsPath: '$.wanted', Next: o.inner.matches }],
              Default: o.inner.doesNotMatch,
            },
            [o.inner.matches]: { Type: 'Pass', Parameters: { 'matched': true, [`${o.item}.$`]: `States.JsonMerge($.defaults, $.${o.item}, false)` }, End: true },
            [o.inner.doesNotMatch]: { Type: 'Pass', Result: { matched: false }, End: true },
          },
        },
        ResultSelector: { 'flags.$': '$[*].matched', 'results.$': '$' },
        ResultPath: o.resultPath,
        Catch: [catchAll(o.onError)],
        Next: o.check,
      },
      [o.check]: {
        Type: 'Pass',
        Parameters: { 'found.$': `States.ArrayContains(${o.resultPath}.flags, true)`, 'results.$': `${o.resultPath}.results` },
        ResultPath: o.resultPath,
        Next: o.next,
      },
    };
  }

  /** Summary fields of the plan lookup, shared by backup and copy jobs (`$.planRef` is set before GetBackupPlan). */
  const lookupFields: JsonObject = {
    'resourceArn.$': '$.event.detail.resourceArn',
    'jobType.$': '$.planRef.jobType',
    'failedJobId.$': '$.planRef.failedJobId',
    'backupPlanId.$': '$.planRef.planId',
    'backupPlanVersion.$': '$.planRef.versionId',
    'backupPlanRuleId.$': '$.planRef.ruleId',
    'event.$': '$.event',
  };
  const copyLifecycleFromPlan: JsonObject = { Variable: '$.copyLifecycle.source', StringEquals: 'plan copy action' };

  /** StartCopyJob of the described copy job; a new idempotency token per attempt. */
  const copyRestart = (extra: JsonObject): State => ({
    Type: 'Task',
    Resource: arn('aws-sdk:backup:startCopyJob'),
    Parameters: {
      'RecoveryPointArn.$': '$.copySource.sourceRecoveryPointArn',
      'SourceBackupVaultName.$': '$.copySource.sourceVaultName',
      'DestinationBackupVaultArn.$': '$.copySource.destinationVaultArn',
      'IamRoleArn': props.backupRoleArn,
      'IdempotencyToken.$': "States.Format('{}-attempt-{}', $$.Execution.Name, $.recovery.attempt)",
      ...extra,
    },
    ResultSelector: { 'jobId.$': '$.CopyJobId' },
    ResultPath: '$.recovery.job',
  });

  /**
   * The copies of a recovered backup. The re-attempt is an on-demand StartBackupJob, which has no copy actions (its
   * API takes none: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html), so the rule's
   * copy actions are started here, one StartCopyJob per action with its destination vault and Lifecycle, and waited
   * for as the orchestrator waits for its copies (`copyJobStates`). A copy that fails: COPY_FAILED (the recovered
   * backup is named in the summary).
   */
  function ruleCopyStates(): Record<string, State> {
    const recoveryPoint = (path: string): State => ({ Type: 'Pass', Parameters: { 'recoveryPointArn.$': path }, ResultPath: '$.recovered', Next: 'RuleHasCopyActions' });
    const recoveredFields: JsonObject = {
      ...eventFields('Backup'),
      'attempts.$': '$.recovery.attempt',
      'newJobId.$': '$.recovery.job.jobId',
      'recoveryPointArn.$': '$.recovered.recoveryPointArn',
    };
    return {
      BackupRecoveryPointPerCallback: recoveryPoint('$.attemptResult.recoveryPointArn'),
      BackupRecoveryPointPerDescribe: recoveryPoint('$.describedJob.RecoveryPointArn'),
      RuleHasCopyActions: {
        Type: 'Choice',
        Choices: [{ Variable: '$.ruleSearch.matches[0].rule.CopyActions[0]', IsPresent: true, Next: 'CopyRuleCopyActions' }],
        Default: 'NoRuleCopies',
      },
      NoRuleCopies: { Type: 'Pass', Result: [], ResultPath: '$.ruleCopies', Next: 'BackupRecovered' },
      CopyRuleCopyActions: {
        Type: 'Map',
        Comment: 'One copy job per copy action of the rule, with its destination and Lifecycle, each waited for by callback.',
        ItemsPath: '$.ruleSearch.matches[0].rule.CopyActions',
        ItemSelector: {
          'action.$': '$$.Map.Item.Value',
          'defaults.$': '$.defaults.copyAction',
          'recoveryPointArn.$': '$.recovered.recoveryPointArn',
          'sourceVaultName.$': '$.event.detail.backupVaultName',
          'idempotencyToken.$': "States.Format('{}-copy-{}', $$.Execution.Name, $$.Map.Item.Index)",
          'clock.$': '$.clock',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'CopyActionWithDefaults',
          States: {
            CopyActionWithDefaults: {
              Type: 'Pass',
              Comment: 'A copy action without Lifecycle gets {}.',
              Parameters: { 'merged.$': 'States.JsonMerge($.defaults, $.action, false)' },
              ResultPath: '$.action',
              Next: 'CopyTargetOfAction',
            },
            CopyTargetOfAction: {
              Type: 'Pass',
              Parameters: { 'destinationVaultArn.$': '$.action.merged.DestinationBackupVaultArn', 'lifecycle.$': '$.action.merged.Lifecycle' },
              ResultPath: '$.target',
              Next: 'RuleStartCopyJob',
            },
            ...copyJobStates(props, { arn, retry }, 'Rule'),
          },
        },
        ResultPath: '$.ruleCopies',
        Catch: [catchAll('RuleCopyFailed')],
        Next: 'BackupRecovered',
      },
      BackupRecovered: successSummaryState(MACHINE, 'RECOVERED', { ...recoveredFields, 'copies.$': '$.ruleCopies' }),
      ...fail('RuleCopyFailed', {
        outcome: 'COPY_FAILED', stage: 'CopyRuleCopyActions', errorPath: '$.error',
        fields: {
          ...recoveredFields,
          'message.$': "States.Format('Backup job {} of {} was re-started as {} and completed, but a copy of its rule failed: {}: {}', $.event.detail.backupJobId, $.event.detail.resourceArn, $.recovery.job.jobId, $.error.Error, $.error.Cause)",
        },
      }),
    };
  }

  const states: Record<string, State> = {
    ...startStates(props, {
      comment: 'Keeps the event under $.event and sets up the attempt counter and backoff delays.',
      parameters: {
        'event.$': '$',
        'recovery': { attempt: 0, delays, jitters, job: { jobId: 'not started' } },
        'defaults': {
          // A rule without windows has AWS Backup's defaults: start within 8 hours, complete within 7 days
          // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html, API_BackupRule.html).
          rule: {
            Lifecycle: {}, RecoveryPointTags: {}, CopyActions: [], EnableContinuousBackup: false,
            StartWindowMinutes: AWS_BACKUP_DEFAULT_WINDOWS.startWindowMinutes, CompletionWindowMinutes: AWS_BACKUP_DEFAULT_WINDOWS.completionWindowMinutes,
          },
          copyAction: { Lifecycle: {} },
          // What the recovery-point tagger would have put on a scheduled job's recovery point (it never sees this one).
          recoveryPointTags: { ...props.recoveryPointTags, 'orchestrated-by': MACHINE },
        },
      },
      timeoutSeconds,
      next: 'ClassifyEvent',
    }),
    ClassifyEvent: {
      Type: 'Choice',
      Choices: [
        {
          And: ['backupJobId', 'resourceArn', 'backupVaultName', 'createdBy.backupPlanId', 'createdBy.backupPlanVersion', 'createdBy.backupPlanRuleId']
            .map((f) => ({ Variable: `$.event.detail.${f}`, IsPresent: true })),
          Next: 'ClaimBackupRecovery',
        },
        { And: ['copyJobId', 'resourceArn'].map((f) => ({ Variable: `$.event.detail.${f}`, IsPresent: true })), Next: 'ClaimCopyRecovery' },
      ],
      Default: 'InvalidEvent',
    },
    ...claimStates('Backup', 'PlanOfBackupJob'),
    ...claimStates('Copy', 'DescribeFailedCopyJob'),

    // Backup job: the plan rule that created it.
    PlanOfBackupJob: {
      Type: 'Pass',
      Comment: 'The plan reference the shared plan lookup reads.',
      Parameters: {
        'jobType': 'BACKUP',
        'failedJobId.$': '$.event.detail.backupJobId',
        'planId.$': '$.event.detail.createdBy.backupPlanId',
        'versionId.$': '$.event.detail.createdBy.backupPlanVersion',
        'ruleId.$': '$.event.detail.createdBy.backupPlanRuleId',
      },
      ResultPath: '$.planRef',
      Next: 'GetBackupPlan',
    },

    // Copy job: what to copy again, and the plan rule that created it (if any).
    DescribeFailedCopyJob: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:describeCopyJob'),
      Parameters: { 'CopyJobId.$': '$.event.detail.copyJobId' },
      ResultSelector: {
        'sourceRecoveryPointArn.$': '$.CopyJob.SourceRecoveryPointArn',
        'sourceVaultName.$': "States.ArrayGetItem(States.StringSplit($.CopyJob.SourceBackupVaultArn, ':'), 6)",
        'destinationVaultArn.$': '$.CopyJob.DestinationBackupVaultArn',
        'copyJob.$': '$.CopyJob',
      },
      ResultPath: '$.copySource',
      Retry: retry('aws-sdk:backup:describeCopyJob'),
      Catch: [catchAll('DescribeFailedCopyJobFailed')],
      Next: 'CopyCreatedByPlan',
    },
    CopyCreatedByPlan: {
      Type: 'Choice',
      Comment: 'A copy started by a plan rule names it in CreatedBy; an on-demand copy does not.',
      Choices: [{
        And: ['BackupPlanId', 'BackupPlanVersion', 'BackupRuleId'].map((f) => ({ Variable: `$.copySource.copyJob.CreatedBy.${f}`, IsPresent: true })),
        Next: 'PlanOfCopyJob',
      }],
      Default: 'CopyLifecycleNoneFound',
    },
    PlanOfCopyJob: {
      Type: 'Pass',
      Comment: 'The plan reference the shared plan lookup reads.',
      Parameters: {
        'jobType': 'COPY',
        'failedJobId.$': '$.event.detail.copyJobId',
        'planId.$': '$.copySource.copyJob.CreatedBy.BackupPlanId',
        'versionId.$': '$.copySource.copyJob.CreatedBy.BackupPlanVersion',
        'ruleId.$': '$.copySource.copyJob.CreatedBy.BackupRuleId',
      },
      ResultPath: '$.planRef',
      Next: 'GetBackupPlan',
    },

    // Shared by backup and copy jobs: the rule of `$.planRef` in that plan version.
    GetBackupPlan: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:getBackupPlan'),
      Parameters: { 'BackupPlanId.$': '$.planRef.planId', 'VersionId.$': '$.planRef.versionId' },
      ResultSelector: { 'rules.$': '$.BackupPlan.Rules', 'planName.$': '$.BackupPlan.BackupPlanName' },
      ResultPath: '$.plan',
      Retry: retry('aws-sdk:backup:getBackupPlan'),
      Catch: [catchAll('GetBackupPlanFailed')],
      Next: 'FindRule',
    },
    ...searchStates({
      map: 'FindRule', check: 'CheckRuleFound',
      comment: 'Marks the rule whose RuleId is the plan reference\'s rule ID (defaults merged in for optional fields).',
      itemsPath: '$.plan.rules', item: 'rule', key: 'RuleId', wantedPath: '$.planRef.ruleId', defaultsPath: '$.defaults.rule',
      inner: { test: 'IsThisTheRule', matches: 'RuleMatches', doesNotMatch: 'RuleDoesNotMatch' },
      resultPath: '$.ruleSearch', onError: 'GetBackupPlanFailed', next: 'RuleFound',
    }),
    RuleFound: {
      Type: 'Choice',
      Comment: 'A backup job needs its rule; a copy job without one is copied again without a Lifecycle.',
      Choices: [
        { And: [{ Variable: '$.ruleSearch.found', BooleanEquals: true }, { Variable: '$.planRef.jobType', StringEquals: 'COPY' }], Next: 'PickRuleOfCopyJob' },
        { Variable: '$.ruleSearch.found', BooleanEquals: true, Next: 'PickRule' },
        { Variable: '$.planRef.jobType', StringEquals: 'COPY', Next: 'CopyLifecycleNoneFound' },
      ],
      Default: 'RuleNotFound',
    },
    PickRule: {
      Type: 'Pass',
      Parameters: { 'matches.$': '$.ruleSearch.results[?(@.matched == true)]' },
      ResultPath: '$.ruleSearch',
      Next: 'RuleIsContinuous',
    },
    RuleIsContinuous: {
      Type: 'Choice',
      Comment: 'StartBackupJob makes a snapshot: it cannot restart a continuous (point-in-time) backup, so that failure is escalated at once.',
      Choices: [{ Variable: '$.ruleSearch.matches[0].rule.EnableContinuousBackup', BooleanEquals: true, Next: 'ContinuousBackupNotRestartable' }],
      Default: 'BackupComputeBackoff',
    },
    // "On-demand backups cannot be used with point-in-time recovery (PITR), because an on-demand backup preserves
    // resources in the state they are in when the backup is taken, but PITR uses continuous backups"
    // (https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-on-demand-backup.html).
    ...fail('ContinuousBackupNotRestartable', {
      outcome: 'ESCALATED', stage: 'RuleIsContinuous', error: 'ContinuousBackupNotRestartable', causeIsExpression: true,
      cause: "States.Format('Rule {} of backup plan {} makes continuous backups (point-in-time recovery); an on-demand StartBackupJob cannot restart one, so backup job {} of {} is escalated without a re-attempt: check the resource and the rule, AWS Backup retries continuous backups itself', $.planRef.ruleId, $.planRef.planId, $.event.detail.backupJobId, $.event.detail.resourceArn)",
      fields: { ...lookupFields, 'attempts': 0, 'continuousBackup': true },
    }),

    // Copy job created by a plan rule: the rule's copy action to the copy job's destination vault.
    PickRuleOfCopyJob: {
      Type: 'Pass',
      Parameters: { 'matches.$': '$.ruleSearch.results[?(@.matched == true)]' },
      ResultPath: '$.ruleSearch',
      Next: 'FindCopyAction',
    },
    ...searchStates({
      map: 'FindCopyAction', check: 'CheckCopyActionFound',
      comment: 'Marks the rule\'s copy action whose DestinationBackupVaultArn is the copy job\'s destination vault (Lifecycle defaults to {}).',
      itemsPath: '$.ruleSearch.matches[0].rule.CopyActions', item: 'action', key: 'DestinationBackupVaultArn',
      wantedPath: '$.copySource.destinationVaultArn', defaultsPath: '$.defaults.copyAction',
      inner: { test: 'IsThisTheCopyAction', matches: 'CopyActionMatches', doesNotMatch: 'CopyActionDoesNotMatch' },
      resultPath: '$.copyActionSearch', onError: 'GetBackupPlanFailed', next: 'CopyActionFound',
    }),
    CopyActionFound: {
      Type: 'Choice',
      Choices: [{ Variable: '$.copyActionSearch.found', BooleanEquals: true, Next: 'PickCopyAction' }],
      Default: 'CopyLifecycleNoneFound',
    },
    PickCopyAction: {
      Type: 'Pass',
      Parameters: { 'source': 'plan copy action', 'copyActions.$': '$.copyActionSearch.results[?(@.matched == true)].action' },
      ResultPath: '$.copyLifecycle',
      Next: 'CopyComputeBackoffWithLifecycle',
    },
    CopyLifecycleNoneFound: {
      Type: 'Pass',
      Comment: 'On-demand copy, rule not in the plan version or no copy action to this vault: copied again without a Lifecycle.',
      Result: { source: 'none found', copyActions: [] },
      ResultPath: '$.copyLifecycle',
      Next: 'CopyComputeBackoff',
    },

    ...attemptStates(
      'Backup',
      [{
        suffix: '',
        start: {
          Type: 'Task',
          Resource: arn('aws-sdk:backup:startBackupJob'),
          Parameters: {
            'BackupVaultName.$': '$.event.detail.backupVaultName',
            'ResourceArn.$': '$.event.detail.resourceArn',
            'IamRoleArn': props.backupRoleArn,
            'IdempotencyToken.$': "States.Format('{}-attempt-{}', $$.Execution.Name, $.recovery.attempt)",
            'Lifecycle.$': '$.ruleSearch.matches[0].rule.Lifecycle',
            'RecoveryPointTags.$': 'States.JsonMerge($.ruleSearch.matches[0].rule.RecoveryPointTags, $.defaults.recoveryPointTags, false)',
            // The rule's windows: the re-attempt gets as long to start and to complete as the scheduled job had.
            'StartWindowMinutes.$': '$.ruleSearch.matches[0].rule.StartWindowMinutes',
            'CompleteWindowMinutes.$': '$.ruleSearch.matches[0].rule.CompletionWindowMinutes',
          },
          ResultSelector: { 'jobId.$': '$.BackupJobId' },
          ResultPath: '$.recovery.job',
        },
      }],
      {
        callbackFields: ['recoveryPointArn'],
        describe: { integration: 'aws-sdk:backup:describeBackupJob', parameters: { 'BackupJobId.$': '$.recovery.job.jobId' } },
        describedFields: ['RecoveryPointArn'],
        running: ['CREATED', 'PENDING', 'RUNNING', 'ABORTING'],
      },
      {},
      { completed: 'BackupRecoveryPointPerCallback', completedPerDescribe: 'BackupRecoveryPointPerDescribe' },
    ),
    ...ruleCopyStates(),
    ...attemptStates(
      'Copy',
      [
        { suffix: '', start: copyRestart({}) },
        { suffix: 'WithLifecycle', start: copyRestart({ 'Lifecycle.$': '$.copyLifecycle.copyActions[0].Lifecycle' }), when: copyLifecycleFromPlan },
      ],
      {
        callbackFields: [],
        describe: { integration: 'aws-sdk:backup:describeCopyJob', parameters: { 'CopyJobId.$': '$.recovery.job.jobId' }, jobPath: '$.describedJob.CopyJob' },
        describedFields: [],
        running: ['CREATED', 'RUNNING'],
      },
      { 'lifecycleSource.$': '$.copyLifecycle.source', 'copyActions.$': '$.copyLifecycle.copyActions' },
    ),

    ...fail('InvalidEvent', {
      outcome: 'INVALID_EVENT', stage: 'ClassifyEvent', error: 'UnsupportedEvent',
      cause: 'Not a Backup Job State Change of a plan rule nor a Copy Job State Change, or fields are missing.',
      fields: { 'resourceArn': 'unknown', 'event.$': '$.event' },
    }),
    ...fail('GetBackupPlanFailed', { outcome: 'RECOVERY_ERROR', stage: 'GetBackupPlan', errorPath: '$.error', fields: lookupFields }),
    ...fail('RuleNotFound', {
      outcome: 'RECOVERY_ERROR', stage: 'FindRule', error: 'RuleNotFound', causeIsExpression: true,
      cause: "States.Format('Rule {} is not in version {} of backup plan {}', $.planRef.ruleId, $.planRef.versionId, $.planRef.planId)",
      fields: lookupFields,
    }),
    ...fail('DescribeFailedCopyJobFailed', { outcome: 'RECOVERY_ERROR', stage: 'DescribeFailedCopyJob', errorPath: '$.error', fields: eventFields('Copy') }),
    ...tailStates(props, MACHINE),
  };

  return stateMachineDefinition(
    'Re-attempts a failed scheduled AWS Backup backup or copy job with backoff (callback waits, no polling), escalates when attempts run out; records and notifies every outcome.',
    timeoutSeconds,
    states,
  );
}
