import { integrationArn, JsonObject, State } from '../../modules/orchestration/state-machines/asl-types';
import { lifecycleParameters } from '../../modules/orchestration/state-machines/lifecycle-parameters';
import { serviceRetry } from '../../modules/orchestration/state-machines/retry-and-catch';
import type { BackupOrchestratorDefinitionProps } from '../../modules/orchestration/state-machines/definition-props';

/*
 * The design the orchestrator avoids, written out only to be measured against it: start the backup, then
 * Wait -> DescribeBackupJob -> Choice until it is COMPLETED, then the same for every copy of the rule (a Map, copies
 * side by side as in the orchestrator). It keeps only the polling core: no request validation, audit record or
 * notification, so its fixed part is smaller than the orchestrator's and only its growth with job duration counts.
 */

export const POLL_INTERVAL_SECONDS = 60;

/** Job states still under way, as the orchestrator lists them (backup-orchestrator-definition.ts). */
const BACKUP_RUNNING_STATES = ['CREATED', 'PENDING', 'RUNNING', 'ABORTING'];
const COPY_RUNNING_STATES = ['CREATED', 'RUNNING'];

export interface PollingBaselineDefinition {
  Comment: string;
  StartAt: string;
  States: Record<string, State>;
}

function pollLoop(o: { wait: string; describe: string; done: string; resource: string; parameters: JsonObject; statePath: string; resultPath: string; running: readonly string[]; completed: string; failed: string; retry: JsonObject[]; seconds: number }): Record<string, State> {
  return {
    [o.wait]: { Type: 'Wait', Seconds: o.seconds, Next: o.describe },
    [o.describe]: {
      Type: 'Task',
      Resource: o.resource,
      Parameters: o.parameters,
      ResultSelector: { 'state.$': o.statePath },
      ResultPath: o.resultPath,
      Retry: o.retry,
      Next: o.done,
    },
    [o.done]: {
      Type: 'Choice',
      Choices: [
        { Variable: `${o.resultPath}.state`, StringEquals: 'COMPLETED', Next: o.completed },
        { Or: o.running.map((s) => ({ Variable: `${o.resultPath}.state`, StringEquals: s })), Next: o.wait },
      ],
      Default: o.failed,
    },
  };
}

export function pollingBaselineDefinition(props: BackupOrchestratorDefinitionProps, pollSeconds: number = POLL_INTERVAL_SECONDS): PollingBaselineDefinition {
  const rule = props.rules.find((r) => r.key === props.defaultRuleKey);
  if (!rule) throw new Error(`pollingBaselineDefinition: default rule ${props.defaultRuleKey} is not one of the rules`);
  const arn = (service: string) => integrationArn(props.partition, service);
  // The same Retry as the orchestrator's AWS Backup calls, so only the waiting differs.
  const retry = serviceRetry(props.retry, arn('aws-sdk:backup:startCopyJob'));
  const afterBackup = rule.copies.length > 0 ? 'CopyToTargets' : 'Succeeded';

  const copyProcessor: Record<string, State> = {
    StartCopyJob: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:startCopyJob'),
      Parameters: {
        'RecoveryPointArn.$': '$.recoveryPointArn',
        'SourceBackupVaultName': rule.vaultName,
        'DestinationBackupVaultArn.$': '$.target.destinationVaultArn',
        'IamRoleArn': props.backupRoleArn,
        'IdempotencyToken.$': '$.idempotencyToken',
        'Lifecycle.$': '$.target.lifecycle',
      },
      ResultSelector: { 'copyJobId.$': '$.CopyJobId' },
      ResultPath: '$.copyJob',
      Retry: retry,
      Next: 'WaitBeforeCopyPoll',
    },
    ...pollLoop({
      wait: 'WaitBeforeCopyPoll', describe: 'DescribeCopyJob', done: 'CopyJobDone', seconds: pollSeconds, retry,
      resource: arn('aws-sdk:backup:describeCopyJob'), parameters: { 'CopyJobId.$': '$.copyJob.copyJobId' },
      statePath: '$.CopyJob.State', resultPath: '$.copyPoll', running: COPY_RUNNING_STATES, completed: 'CopyCompleted', failed: 'CopyFailed',
    }),
    CopyCompleted: { Type: 'Succeed' },
    CopyFailed: { Type: 'Fail', Error: 'CopyJobFailed' },
  };

  return {
    Comment: 'Benchmark baseline, never deployed: waits for every job by polling its describe call.',
    StartAt: 'UseRule',
    States: {
      UseRule: {
        Type: 'Pass',
        Result: { copies: rule.copies.map((c) => ({ destinationVaultArn: c.destinationVaultArn, lifecycle: lifecycleParameters(c.lifecycle) })) },
        ResultPath: '$.settings',
        Next: 'StartBackupJob',
      },
      StartBackupJob: {
        Type: 'Task',
        Resource: arn('aws-sdk:backup:startBackupJob'),
        Parameters: {
          'BackupVaultName': rule.vaultName,
          'ResourceArn.$': '$.resourceArn',
          'IamRoleArn': props.backupRoleArn,
          'IdempotencyToken.$': '$$.Execution.Name',
          'Lifecycle': lifecycleParameters(rule.lifecycle),
        },
        ResultSelector: { 'backupJobId.$': '$.BackupJobId', 'recoveryPointArn.$': '$.RecoveryPointArn' },
        ResultPath: '$.backupJob',
        Retry: retry,
        Next: 'WaitBeforeBackupPoll',
      },
      ...pollLoop({
        wait: 'WaitBeforeBackupPoll', describe: 'DescribeBackupJob', done: 'BackupJobDone', seconds: pollSeconds, retry,
        resource: arn('aws-sdk:backup:describeBackupJob'), parameters: { 'BackupJobId.$': '$.backupJob.backupJobId' },
        statePath: '$.State', resultPath: '$.backupPoll', running: BACKUP_RUNNING_STATES, completed: afterBackup, failed: 'BackupFailed',
      }),
      BackupFailed: { Type: 'Fail', Error: 'BackupJobFailed' },
      ...(rule.copies.length === 0 ? {} : { CopyToTargets: {
        Type: 'Map',
        ItemsPath: '$.settings.copies',
        ItemSelector: {
          'target.$': '$$.Map.Item.Value',
          'recoveryPointArn.$': '$.backupJob.recoveryPointArn',
          'idempotencyToken.$': "States.Format('{}-copy-{}', $$.Execution.Name, $$.Map.Item.Index)",
        },
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'StartCopyJob', States: copyProcessor },
        ResultPath: null,
        Next: 'Succeeded',
      } }),
      Succeeded: { Type: 'Succeed' },
    },
  };
}
