import type { JsonObject, State } from './asl-types';
import { attemptStates } from './job-recovery-attempt-states';
import type { RecoveryKit } from './job-recovery-context';

/** The re-attempts of a failed backup job: StartBackupJob with its rule's lifecycle, tags and windows. */
export function backupAttemptStates(k: RecoveryKit): Record<string, State> {
  const { props, arn } = k;
  return attemptStates(
    k,
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
  );
}

const copyLifecycleFromPlan: JsonObject = { Variable: '$.copyLifecycle.source', StringEquals: 'plan copy action' };

/** StartCopyJob of the described copy job; a new idempotency token per attempt. */
const copyRestart = (k: RecoveryKit, extra: JsonObject): State => ({
  Type: 'Task',
  Resource: k.arn('aws-sdk:backup:startCopyJob'),
  Parameters: {
    'RecoveryPointArn.$': '$.copySource.sourceRecoveryPointArn',
    'SourceBackupVaultName.$': '$.copySource.sourceVaultName',
    'DestinationBackupVaultArn.$': '$.copySource.destinationVaultArn',
    'IamRoleArn': k.props.backupRoleArn,
    'IdempotencyToken.$': "States.Format('{}-attempt-{}', $$.Execution.Name, $.recovery.attempt)",
    ...extra,
  },
  ResultSelector: { 'jobId.$': '$.CopyJobId' },
  ResultPath: '$.recovery.job',
});

/** The re-attempts of a failed copy job: StartCopyJob, with the Lifecycle of the plan's copy action when one was found. */
export function copyAttemptStates(k: RecoveryKit): Record<string, State> {
  return attemptStates(
    k,
    'Copy',
    [
      { suffix: '', start: copyRestart(k, {}) },
      { suffix: 'WithLifecycle', start: copyRestart(k, { 'Lifecycle.$': '$.copyLifecycle.copyActions[0].Lifecycle' }), when: copyLifecycleFromPlan },
    ],
    {
      callbackFields: [],
      describe: { integration: 'aws-sdk:backup:describeCopyJob', parameters: { 'CopyJobId.$': '$.recovery.job.jobId' }, jobPath: '$.describedJob.CopyJob' },
      describedFields: [],
      running: ['CREATED', 'RUNNING'],
    },
    { 'lifecycleSource.$': '$.copyLifecycle.source', 'copyActions.$': '$.copyLifecycle.copyActions' },
  );
}
