import type { State } from './asl-types';
import { waitedText } from './job-wait-bound';
import { jobFields, requestFields, type OrchestratorKit } from './backup-orchestrator-context';

/** Every failure of the orchestrator, each with its outcome and stage. */
export function orchestratorFailureStates(k: OrchestratorKit): Record<string, State> {
  const { props, fail } = k;
  return {
    ...fail('InvalidRequest', {
      outcome: 'INVALID_REQUEST', stage: 'ValidateRequest', error: 'InvalidRequest',
      cause: 'The request must carry resourceArn (a string).',
      fields: { 'resourceArn': 'unknown', 'request.$': '$.request' },
    }),
    ...fail('UnknownRule', {
      outcome: 'UNKNOWN_RULE', stage: 'ResolveRule', error: 'UnknownRule', causeIsExpression: true,
      cause: `States.Format('Rule {} is not one of: ${props.rules.map((r) => r.key).join(' ')}', States.JsonToString($.request.rule))`,
      fields: requestFields,
    }),
    ...fail('StartBackupJobFailed', { outcome: 'FAILED', stage: 'StartBackupJob', errorPath: '$.error', fields: { ...requestFields, 'vaultName.$': '$.settings.vaultName' } }),
    ...fail('WaitForBackupJobFailed', { outcome: 'FAILED', stage: 'WaitForBackupJob', errorPath: '$.error', fields: jobFields }),
    ...fail('DescribeBackupJobFailed', { outcome: 'FAILED', stage: 'DescribeBackupJob', errorPath: '$.error', fields: jobFields }),
    ...fail('BackupJobFailed', { outcome: 'BACKUP_FAILED', stage: 'WaitForBackupJob', errorPath: '$.error', fields: jobFields }),
    ...fail('BackupJobFailedPerDescribe', {
      outcome: 'BACKUP_FAILED', stage: 'DescribeBackupJob', error: 'BackupJobFailed', causeIsExpression: true,
      cause: "States.Format('Backup job {} ended {}', $.backupJob.backupJobId, $.describedBackup.State)",
      fields: { ...jobFields, 'describedJob.$': '$.describedBackup' },
    }),
    ...fail('BackupTimedOut', {
      outcome: 'TIMED_OUT', stage: 'DescribeBackupJob', error: 'BackupJobTimedOut', causeIsExpression: true,
      cause: `States.Format('Backup job {} is still {} ${waitedText(props)}', $.backupJob.backupJobId, $.describedBackup.State)`,
      fields: jobFields,
    }),
    ...fail('CopyFailed', {
      outcome: 'COPY_FAILED', stage: 'CopyToTargets', errorPath: '$.error',
      fields: { ...jobFields, 'recoveryPointArn.$': '$.backup.recoveryPointArn', 'backup.$': '$.backup' },
    }),
  };
}
