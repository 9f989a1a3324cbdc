import type { State } from './asl-types';
import { jobWaitStates } from './job-wait-states';
import { catchAll } from './retry-and-catch';
import { JOB_FAILED_ERRORS } from '../../../config/function-contract/task-errors';
import { copyJobStates } from './copy-states';
import { BACKUP_ORCHESTRATOR_MACHINE as MACHINE, type OrchestratorKit } from './backup-orchestrator-context';

/** Job states in which a backup job is still under way (DescribeBackupJob `State`). */
const BACKUP_RUNNING_STATES = ['CREATED', 'PENDING', 'RUNNING', 'ABORTING'];

/** The on-demand backup job: started with the rule's settings, waited for by callback (see `jobWaitStates`), its recovery point kept at `$.backup`. */
export function backupJobStates(k: OrchestratorKit): Record<string, State> {
  const { props, arn, retry } = k;
  return {
    StartBackupJob: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:startBackupJob'),
      Parameters: {
        'BackupVaultName.$': '$.settings.vaultName',
        'ResourceArn.$': '$.request.resourceArn',
        'IamRoleArn': props.backupRoleArn,
        'IdempotencyToken.$': '$$.Execution.Name',
        'Lifecycle.$': '$.settings.lifecycle',
        'RecoveryPointTags': { ...props.recoveryPointTags, 'orchestrated-by': MACHINE, 'orchestration-execution.$': '$$.Execution.Name' },
      },
      ResultSelector: { 'backupJobId.$': '$.BackupJobId' },
      ResultPath: '$.backupJob',
      Retry: retry('aws-sdk:backup:startBackupJob'),
      Catch: [catchAll('StartBackupJobFailed')],
      Next: 'WaitForBackupJob',
    },
    ...jobWaitStates(props, {
      names: {
        wait: 'WaitForBackupJob', check: 'CheckBackupResult', describe: 'DescribeBackupJob', status: 'BackupJobStatus',
        firstRewait: 'FirstBackupRewait', nextRewait: 'NextBackupRewait',
      },
      jobType: 'BACKUP',
      jobIdPath: '$.backupJob.backupJobId',
      roundPath: '$.backupWait',
      callback: { resultPath: '$.backupResult', requiredFields: ['recoveryPointArn'] },
      describe: { integration: 'aws-sdk:backup:describeBackupJob', parameters: { 'BackupJobId.$': '$.backupJob.backupJobId' }, resultPath: '$.describedBackup' },
      statusField: 'State',
      describedRequiredFields: ['RecoveryPointArn'],
      runningStates: BACKUP_RUNNING_STATES,
      next: { completed: 'BackupCompleted', completedPerDescribe: 'BackupCompletedPerDescribe', running: 'BackupTimedOut', failed: 'BackupJobFailedPerDescribe' },
      waitCatchers: [{ ErrorEquals: [JOB_FAILED_ERRORS.BACKUP], ResultPath: '$.error', Next: 'BackupJobFailed' }, catchAll('WaitForBackupJobFailed')],
      describeCatch: { next: 'DescribeBackupJobFailed' },
    }),
    BackupCompleted: {
      Type: 'Pass',
      Parameters: {
        'backupJobId.$': '$.backupJob.backupJobId',
        'recoveryPointArn.$': '$.backupResult.recoveryPointArn',
        'state.$': '$.backupResult.state',
        'source': 'callback',
        'job.$': '$.backupResult',
      },
      ResultPath: '$.backup',
      Next: 'CheckCopies',
    },
    BackupCompletedPerDescribe: {
      Type: 'Pass',
      Parameters: {
        'backupJobId.$': '$.backupJob.backupJobId',
        'recoveryPointArn.$': '$.describedBackup.RecoveryPointArn',
        'state.$': '$.describedBackup.State',
        'source': 'describe',
      },
      ResultPath: '$.backup',
      Next: 'CheckCopies',
    },
  };
}

/** The rule's copies of the recovery point, side by side in a Map (see `copyJobStates`); none: an empty list. */
export function copyTargetStates(k: OrchestratorKit): Record<string, State> {
  const { props, arn, retry } = k;
  const copyProcessor = copyJobStates(props, { arn, retry });
  return {
    CheckCopies: {
      Type: 'Choice',
      Choices: [{ Variable: '$.settings.copies[0]', IsPresent: true, Next: 'CopyToTargets' }],
      Default: 'NoCopies',
    },
    NoCopies: { Type: 'Pass', Result: [], ResultPath: '$.copies', Next: 'BackupSucceeded' },
    CopyToTargets: {
      Type: 'Map',
      Comment: 'One copy job per copy target of the rule, each waited for by callback.',
      ItemsPath: '$.settings.copies',
      ItemSelector: {
        'target.$': '$$.Map.Item.Value',
        'recoveryPointArn.$': '$.backup.recoveryPointArn',
        'sourceVaultName.$': '$.settings.vaultName',
        'idempotencyToken.$': "States.Format('{}-copy-{}', $$.Execution.Name, $$.Map.Item.Index)",
        'clock.$': '$.clock',
      },
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'StartCopyJob', States: copyProcessor },
      ResultPath: '$.copies',
      Catch: [catchAll('CopyFailed')],
      Next: 'BackupSucceeded',
    },
  };
}
