import { JsonObject, State, StateMachineDefinition } from './asl-types';
import { definitionKit, startStates, stateMachineDefinition } from './definition-kit';
import { jobWaitBound, waitedText } from './job-wait-bound';
import { jobWaitStates } from './job-wait-states';
import { lifecycleParameters } from './lifecycle-parameters';
import { catchAll } from './retry-and-catch';
import { successSummaryState } from './summary-states';
import { tailStates } from './tail-states';
import { JOB_FAILED_ERRORS } from '../../../config/function-contract/task-errors';
import { copyJobStates } from './copy-states';
import type { BackupOrchestratorDefinitionProps } from './definition-props';

export const BACKUP_ORCHESTRATOR_MACHINE = 'backup-orchestrator';
const MACHINE = BACKUP_ORCHESTRATOR_MACHINE;

/** Job states in which a backup job is still under way (DescribeBackupJob `State`). */
const BACKUP_RUNNING_STATES = ['CREATED', 'PENDING', 'RUNNING', 'ABORTING'];
/**
 * On-demand backup of one resource, then the copies its rule asks for, waiting for every job by callback.
 *
 * Input: `{ resourceArn, rule?: "<plan>/<rule>", vaultName?, reason?, requestedBy? }`.
 * Output (Succeed): `{ outcome: "SUCCEEDED", backupJobId, recoveryPointArn, copies: [...], ... }`.
 * Failure outcomes (recorded, notified, then Fail with Error = outcome): INVALID_REQUEST, UNKNOWN_RULE, FAILED
 * (an AWS call failed after its retries), BACKUP_FAILED, TIMED_OUT (backup job still running after its last wait
 * round, see `jobWaitBound`), COPY_FAILED (backup result kept in the summary; a copy still running after its last
 * round is one).
 */
export function backupOrchestratorDefinition(props: BackupOrchestratorDefinitionProps): StateMachineDefinition {
  if (props.rules.length === 0) throw new Error('backupOrchestratorDefinition: at least one rule is required');
  const defaultIndex = props.rules.findIndex((r) => r.key === props.defaultRuleKey);
  if (defaultIndex < 0) throw new Error(`backupOrchestratorDefinition: default rule ${props.defaultRuleKey} is not one of the rules`);
  const { arn, retry, fail } = definitionKit(props, MACHINE);
  const ruleState = (i: number) => `UseRule${i + 1}`;
  // The backup's wait rounds, then the copies' (side by side in the Map), plus an hour for everything else.
  const timeoutSeconds = 2 * jobWaitBound(props).seconds + 3600;

  const requestFields: JsonObject = { 'resourceArn.$': '$.request.resourceArn', 'request.$': '$.request' };
  const jobFields: JsonObject = { ...requestFields, 'backupJobId.$': '$.backupJob.backupJobId', 'vaultName.$': '$.settings.vaultName' };

  const copyProcessor = copyJobStates(props, { arn, retry });

  const states: Record<string, State> = {
    ...startStates(props, { comment: 'Keeps the request under $.request.', parameters: { 'request.$': '$' }, timeoutSeconds, next: 'ValidateRequest' }),
    ValidateRequest: {
      Type: 'Choice',
      Choices: [{
        And: [{ Variable: '$.request.resourceArn', IsPresent: true }, { Variable: '$.request.resourceArn', IsString: true }],
        Next: 'ResolveRule',
      }],
      Default: 'InvalidRequest',
    },
    ResolveRule: {
      Type: 'Choice',
      Comment: `Rule named by the request, ${props.defaultRuleKey} when it names none.`,
      Choices: [
        // Not/IsPresent rather than IsPresent: false, which aws-local-stepfunctions 3.0.0 evaluates wrongly.
        { Not: { Variable: '$.request.rule', IsPresent: true }, Next: ruleState(defaultIndex) },
        ...props.rules.map((r, i) => ({ Variable: '$.request.rule', StringEquals: r.key, Next: ruleState(i) })),
      ],
      Default: 'UnknownRule',
    },
    ...Object.fromEntries(props.rules.map((r, i) => [ruleState(i), {
      Type: 'Pass',
      Comment: `Rule ${r.key}`,
      Result: {
        key: r.key,
        vaultName: r.vaultName,
        lifecycle: lifecycleParameters(r.lifecycle),
        copies: r.copies.map((c) => ({ destinationVaultArn: c.destinationVaultArn, lifecycle: lifecycleParameters(c.lifecycle) })),
      },
      ResultPath: '$.settings',
      Next: 'CheckVaultOverride',
    }])),
    CheckVaultOverride: {
      Type: 'Choice',
      Choices: [{ Variable: '$.request.vaultName', IsPresent: true, Next: 'OverrideVault' }],
      Default: 'StartBackupJob',
    },
    OverrideVault: { Type: 'Pass', InputPath: '$.request.vaultName', ResultPath: '$.settings.vaultName', Next: 'StartBackupJob' },
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
    BackupSucceeded: successSummaryState(MACHINE, 'SUCCEEDED', {
      ...requestFields,
      'rule.$': '$.settings.key',
      'vaultName.$': '$.settings.vaultName',
      'backupJobId.$': '$.backup.backupJobId',
      'recoveryPointArn.$': '$.backup.recoveryPointArn',
      'backup.$': '$.backup',
      'copies.$': '$.copies',
    }),
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
    ...tailStates(props, MACHINE),
  };

  return stateMachineDefinition(
    'On-demand AWS Backup job of one resource, then the copies of its rule; waits by callback (no polling), records and notifies every outcome.',
    timeoutSeconds,
    states,
  );
}
