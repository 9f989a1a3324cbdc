import type { State } from './asl-types';
import { catchAll } from './retry-and-catch';
import { searchStates } from './map-search-states';
import { lookupFields, type RecoveryKit } from './job-recovery-context';

/**
 * What to re-start the failed job with. A backup job: the plan rule that created it (`$.planRef` from the event's
 * `createdBy`). A copy job: DescribeCopyJob (what to copy again), then the plan rule that created it, if any.
 */
export function failedJobPlanRefStates(k: RecoveryKit): Record<string, State> {
  const { arn, retry } = k;
  return {
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
  };
}

/**
 * The rule of `$.planRef` in that plan version (shared by backup and copy jobs); for a copy job, then the rule's
 * copy action to the copy job's destination vault.
 */
export function planRuleLookupStates(k: RecoveryKit): Record<string, State> {
  const { arn, retry, fail } = k;
  return {
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
  };
}
