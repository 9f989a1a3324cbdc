import type { State, StateMachineDefinition } from './asl-types';
import { startStates, stateMachineDefinition } from './definition-kit';
import { jobWaitBound } from './job-wait-bound';
import { tailStates } from './tail-states';
import { AWS_BACKUP_DEFAULT_WINDOWS, recoveryBackoffSeconds } from '../../../config/orchestration-limits';
import type { JobRecoveryDefinitionProps } from './definition-props';
import { eventFields, JOB_RECOVERY_MACHINE as MACHINE, lookupFields, recoveryKit } from './job-recovery-context';
import { claimStates } from './job-recovery-claim-states';
import { failedJobPlanRefStates, planRuleLookupStates } from './job-recovery-plan-lookup';
import { backupAttemptStates, copyAttemptStates } from './job-recovery-restarts';
import { ruleCopyStates } from './job-recovery-rule-copies';

/*
 * The job-recovery machine, assembled from its parts: the claim of the failed job (job-recovery-claim-states.ts),
 * the plan rule lookup (job-recovery-plan-lookup.ts), the re-attempts per kind (job-recovery-restarts.ts over
 * job-recovery-attempt-states.ts) and the recovered backup's copies (job-recovery-rule-copies.ts). Their states name
 * each other; the order of the states below is the order of the definition's JSON.
 */

export { JOB_RECOVERY_MACHINE } from './job-recovery-context';

/** Backoff before re-attempt n (0-based): config/orchestration-limits.ts. */
export function recoveryBackoff(props: Pick<JobRecoveryDefinitionProps, 'maxAttempts' | 'initialBackoffSeconds'>): { delays: number[]; jitters: number[] } {
  return recoveryBackoffSeconds(props.maxAttempts, props.initialBackoffSeconds);
}

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
  const { delays, jitters } = recoveryBackoff(props);
  // Every attempt's wait rounds, then the rule's copies of a recovered backup (side by side in the Map), plus an hour.
  const timeoutSeconds = (props.maxAttempts + 1) * jobWaitBound(props).seconds + delays.reduce((a, d, i) => a + d + jitters[i], 0) + 3600;
  const k = recoveryKit(props);
  const { fail } = k;

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
    ...claimStates(k, 'Backup', 'PlanOfBackupJob'),
    ...claimStates(k, 'Copy', 'DescribeFailedCopyJob'),

    ...failedJobPlanRefStates(k),
    ...planRuleLookupStates(k),
    ...backupAttemptStates(k),
    ...ruleCopyStates(k),
    ...copyAttemptStates(k),

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

