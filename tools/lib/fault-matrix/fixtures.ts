import type {
  BackupOrchestratorDefinitionProps,
  DrDrillDefinitionProps,
  JobRecoveryDefinitionProps,
  OrchestrationResources,
} from '../../../modules/orchestration/state-machines/definition-props';
import type { GetBackupPlanOutput, RecoveryPointCreator } from '@aws-sdk/client-backup';
import type { BackupJobStateChange, CopyJobStateChange } from './aws-events';
import type { AwsJson } from './aws-json';
import { TEST_RETRY } from './local-state-machine';

/*
 * Definition props as the stack passes them: Terraform tokens for resources of the same stack ("tokens"), or
 * resolved strings ("plain").
 */

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
export { ACCOUNT as FIXTURE_ACCOUNT };
export const BACKUP_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/backup-prod-service`;

function resources(kind: 'tokens' | 'plain'): OrchestrationResources {
  const t = kind === 'tokens';
  return {
    partition: 'aws',
    taskTokenTableName: t ? '${aws_dynamodb_table.task_tokens.name}' : 'backup-prod-task-tokens',
    auditTableName: t ? '${aws_dynamodb_table.audit.name}' : 'backup-prod-audit',
    topicArn: t ? '${aws_sns_topic.notifications.arn}' : `arn:aws:sns:${REGION}:${ACCOUNT}:backup-prod-notifications`,
    callbackTimeoutSeconds: 6 * 3600,
    auditRetentionDays: 400,
    retry: TEST_RETRY,
  };
}

export const COPY_VAULT_1 = `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:prod-copy`;
export const COPY_VAULT_2 = `arn:aws:backup:eu-west-1:444455556666:backup-vault:prod-offsite`;

export function orchestratorProps(kind: 'tokens' | 'plain' = 'plain'): BackupOrchestratorDefinitionProps {
  const vault1 = kind === 'tokens' ? '${aws_backup_vault.copy_1.arn}' : COPY_VAULT_1;
  const vault2 = kind === 'tokens' ? '${aws_backup_vault.copy_2.arn}' : COPY_VAULT_2;
  return {
    ...resources(kind),
    backupRoleArn: kind === 'tokens' ? '${aws_iam_role.backup.arn}' : BACKUP_ROLE_ARN,
    rules: [
      {
        key: 'daily/standard',
        vaultName: 'prod-primary',
        lifecycle: { deleteAfterDays: 35 },
        copies: [
          { destinationVaultArn: vault1, lifecycle: { deleteAfterDays: 35 } },
          { destinationVaultArn: vault2, lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 365, optInToArchiveForSupportedResources: false } },
        ],
      },
      { key: 'hourly/short', vaultName: 'prod-primary', lifecycle: { deleteAfterDays: 2 }, copies: [] },
      { key: 'weekly/no-lifecycle', vaultName: 'prod-archive', copies: [] },
    ],
    defaultRuleKey: 'daily/standard',
    recoveryPointTags: { environment: 'prod', 'compliance-code': 'SOC2-CC9.1' },
  };
}

export function recoveryProps(kind: 'tokens' | 'plain' = 'plain'): JobRecoveryDefinitionProps {
  return {
    ...resources(kind),
    backupRoleArn: kind === 'tokens' ? '${aws_iam_role.backup.arn}' : BACKUP_ROLE_ARN,
    maxAttempts: 3,
    initialBackoffSeconds: 300,
    recoveryPointTags: { environment: 'prod', 'compliance-code': 'SOC2-CC9.1' },
  };
}

export function drillProps(kind: 'tokens' | 'plain' = 'plain'): DrDrillDefinitionProps {
  const fn = (name: string) => (kind === 'tokens' ? `\${aws_lambda_function.${name.replace(/-/g, '_')}.arn}` : `arn:aws:lambda:${REGION}:${ACCOUNT}:function:backup-prod-${name}`);
  return {
    ...resources(kind),
    restoreRoleArn: kind === 'tokens' ? '${aws_iam_role.restore.arn}' : `arn:aws:iam::${ACCOUNT}:role/backup-prod-restore`,
    restorePlannerFunctionArn: fn('restore-planner'),
    restoreValidatorFunctionArn: fn('restore-validator'),
    restoreCleanupFunctionArn: fn('restore-cleanup'),
  };
}

/*
 * Job recovery's input: a failed backup or copy job of a plan rule, as EventBridge delivers it (the fields of AWS's
 * example events, https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html, checked by tsc). One definition, so the
 * events the fault matrix documents are the ones the job-recovery tests check.
 */

export const ORDERS_TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`;
export const PRIMARY_VAULT_ARN = `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:prod-primary`;
/** The CreatedBy of a job started by the plan rule, as DescribeBackupJob/DescribeCopyJob return it. */
export const PLAN_CREATED_BY = { BackupPlanId: 'plan-1', BackupPlanArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-plan:plan-1`, BackupPlanVersion: 'v-2', BackupRuleId: 'rule-daily' } satisfies RecoveryPointCreator;

export const FAILED_BACKUP_EVENT = {
  'version': '0', 'id': 'event-1', 'detail-type': 'Backup Job State Change', 'source': 'aws.backup', 'account': ACCOUNT,
  'time': '2025-06-01T03:10:00Z', 'region': REGION, 'resources': [],
  'detail': {
    backupJobId: 'failed-job-1', backupVaultArn: PRIMARY_VAULT_ARN, backupVaultName: 'prod-primary', resourceArn: ORDERS_TABLE_ARN, resourceType: 'DynamoDB',
    iamRoleArn: BACKUP_ROLE_ARN, state: 'FAILED', statusMessage: 'Backup job failed because the table was being updated', creationDate: '2025-06-01T03:00:00Z',
    createdBy: { backupPlanId: 'plan-1', backupPlanArn: PLAN_CREATED_BY.BackupPlanArn, backupPlanVersion: 'v-2', backupPlanRuleId: 'rule-daily' },
  },
} satisfies BackupJobStateChange;

export const FAILED_COPY_EVENT = {
  ...FAILED_BACKUP_EVENT, 'id': 'event-2', 'detail-type': 'Copy Job State Change',
  'detail': {
    copyJobId: 'failed-copy-1', state: 'FAILED', sourceBackupVaultArn: PRIMARY_VAULT_ARN, destinationBackupVaultArn: COPY_VAULT_1, resourceArn: ORDERS_TABLE_ARN,
    resourceType: 'DynamoDB', iamRoleArn: BACKUP_ROLE_ARN, statusMessage: 'Copy job failed: KMS key not accessible',
    createdBy: FAILED_BACKUP_EVENT.detail.createdBy,
  },
} satisfies CopyJobStateChange;

/** GetBackupPlan's answer for the plan of PLAN_CREATED_BY: its daily rule, the failed jobs' rule, copies as `copyActions` say. */
export function planOfFailedJobs(copyActions: readonly { DestinationBackupVaultArn: string; Lifecycle: Record<string, number> }[], o: { continuous?: boolean } = {}) {
  return {
    BackupPlanId: 'plan-1', VersionId: 'v-2',
    BackupPlan: {
      BackupPlanName: 'prod-standard',
      Rules: [
        { RuleName: 'hourly', RuleId: 'rule-hourly', TargetBackupVaultName: 'prod-primary', ScheduleExpression: 'cron(0 * * * ? *)', Lifecycle: { DeleteAfterDays: 2 } },
        { RuleName: 'daily', RuleId: 'rule-daily', TargetBackupVaultName: 'prod-primary', ScheduleExpression: 'cron(0 3 * * ? *)',
          StartWindowMinutes: 120, CompletionWindowMinutes: 1440, Lifecycle: { DeleteAfterDays: 35 }, RecoveryPointTags: { tier: 'gold' }, CopyActions: [...copyActions],
          ...(o.continuous ? { EnableContinuousBackup: true } : {}) },
      ],
    },
  } satisfies AwsJson<GetBackupPlanOutput>;
}
