import { JsonObject, State } from './asl-types';
import { waitedText } from './job-wait-bound';
import { jobWaitStates } from './job-wait-states';
import type { OrchestrationResources } from './definition-props';

/** Copy job states still under way (DescribeCopyJob `CopyJob.State`). */
export const COPY_RUNNING_STATES = ['CREATED', 'RUNNING'];

/**
 * The states of one copy job inside a Map iteration: StartCopyJob, then wait for it by callback (see `jobWaitStates`).
 * Input of an iteration: `{ target: { destinationVaultArn, lifecycle }, recoveryPointArn, sourceVaultName,
 * idempotencyToken, clock }`. Ends with `{ copyJobId, destinationVaultArn, destinationRecoveryPointArn, state, source }`
 * or fails (CopyJobFailed / CopyJobTimedOut), which the Map's catcher handles.
 *
 * Shared by the backup orchestrator (the copies of an on-demand backup's rule) and job recovery (the copies of a
 * re-started scheduled backup): an on-demand StartBackupJob runs none of the plan rule's copy actions, so whoever
 * starts one has to start the copies itself
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-on-demand-backup.html).
 */
export function copyJobStates(
  props: OrchestrationResources & { readonly backupRoleArn: string },
  kit: { arn: (integration: string) => string; retry: (integration: string) => JsonObject[] },
  prefix = '',
): Record<string, State> {
  const { arn, retry } = kit;
  // State names are unique in a whole machine, Map iterations included: a machine with its own copy states names these apart.
  const n = (name: string) => `${prefix}${name}`;
  return {
    [n('StartCopyJob')]: {
      Type: 'Task',
      Resource: arn('aws-sdk:backup:startCopyJob'),
      Parameters: {
        'RecoveryPointArn.$': '$.recoveryPointArn',
        'SourceBackupVaultName.$': '$.sourceVaultName',
        'DestinationBackupVaultArn.$': '$.target.destinationVaultArn',
        'IamRoleArn': props.backupRoleArn,
        'IdempotencyToken.$': '$.idempotencyToken',
        'Lifecycle.$': '$.target.lifecycle',
      },
      ResultSelector: { 'copyJobId.$': '$.CopyJobId' },
      ResultPath: '$.copyJob',
      Retry: retry('aws-sdk:backup:startCopyJob'),
      Next: n('WaitForCopyJob'),
    },
    ...jobWaitStates(props, {
      names: {
        wait: n('WaitForCopyJob'), check: n('CheckCopyResult'), describe: n('DescribeCopyJob'), status: n('CopyJobStatus'),
        firstRewait: n('FirstCopyRewait'), nextRewait: n('NextCopyRewait'),
      },
      jobType: 'COPY',
      jobIdPath: '$.copyJob.copyJobId',
      roundPath: '$.copyWait',
      callback: { resultPath: '$.copyResult', requiredFields: ['destinationRecoveryPointArn'] },
      describe: {
        integration: 'aws-sdk:backup:describeCopyJob',
        parameters: { 'CopyJobId.$': '$.copyJob.copyJobId' },
        resultSelector: { 'copyJob.$': '$.CopyJob' },
        resultPath: '$.describedCopy',
        jobPath: '$.describedCopy.copyJob',
      },
      statusField: 'State',
      describedRequiredFields: ['DestinationRecoveryPointArn'],
      runningStates: COPY_RUNNING_STATES,
      next: { completed: n('CopyCompleted'), completedPerDescribe: n('CopyCompletedPerDescribe'), running: n('CopyNotFinished'), failed: n('CopyEndedUnsuccessfully') },
    }),
    [n('CopyCompleted')]: {
      Type: 'Pass',
      Parameters: {
        'copyJobId.$': '$.copyJob.copyJobId',
        'destinationVaultArn.$': '$.target.destinationVaultArn',
        'destinationRecoveryPointArn.$': '$.copyResult.destinationRecoveryPointArn',
        'state.$': '$.copyResult.state',
        'source': 'callback',
      },
      End: true,
    },
    [n('CopyCompletedPerDescribe')]: {
      Type: 'Pass',
      Parameters: {
        'copyJobId.$': '$.copyJob.copyJobId',
        'destinationVaultArn.$': '$.target.destinationVaultArn',
        'destinationRecoveryPointArn.$': '$.describedCopy.copyJob.DestinationRecoveryPointArn',
        'state.$': '$.describedCopy.copyJob.State',
        'source': 'describe',
      },
      End: true,
    },
    [n('CopyNotFinished')]: {
      Type: 'Pass',
      Parameters: {
        'error': 'CopyJobTimedOut',
        'cause.$': `States.Format('Copy job {} is still {} ${waitedText(props)}', $.copyJob.copyJobId, $.describedCopy.copyJob.State)`,
      },
      Next: n('CopyDidNotComplete'),
    },
    [n('CopyEndedUnsuccessfully')]: {
      Type: 'Pass',
      Parameters: { 'error': 'CopyJobFailed', 'cause.$': 'States.JsonToString($.describedCopy.copyJob)' },
      Next: n('CopyDidNotComplete'),
    },
    [n('CopyDidNotComplete')]: { Type: 'Fail', ErrorPath: '$.error', CausePath: '$.cause' },
  };
}
