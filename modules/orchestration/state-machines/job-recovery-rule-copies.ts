import type { JsonObject, State } from './asl-types';
import { copyJobStates } from './copy-states';
import { catchAll } from './retry-and-catch';
import { successSummaryState } from './summary-states';
import { eventFields, JOB_RECOVERY_MACHINE as MACHINE, type RecoveryKit } from './job-recovery-context';

/**
 * The copies of a recovered backup. The re-attempt is an on-demand StartBackupJob, which has no copy actions (its
 * API takes none: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html), so the rule's
 * copy actions are started here, one StartCopyJob per action with its destination vault and Lifecycle, and waited
 * for as the orchestrator waits for its copies (`copyJobStates`). A copy that fails: COPY_FAILED (the recovered
 * backup is named in the summary).
 */
export function ruleCopyStates(k: RecoveryKit): Record<string, State> {
  const { props, arn, retry, fail } = k;
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
