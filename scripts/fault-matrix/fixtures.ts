import type {
  BackupOrchestratorDefinitionProps,
  DrDrillDefinitionProps,
  JobRecoveryDefinitionProps,
  OrchestrationResources,
} from '../../modules/state-machines/definition-props';
import { TEST_RETRY } from './local-state-machine';

/*
 * Definition props as the stack passes them: Terraform tokens for resources of the same stack ("tokens"), or
 * resolved strings ("plain").
 */

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

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
    backupRoleArn: kind === 'tokens' ? '${aws_iam_role.backup.arn}' : `arn:aws:iam::${ACCOUNT}:role/backup-prod-service`,
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
    backupRoleArn: kind === 'tokens' ? '${aws_iam_role.backup.arn}' : `arn:aws:iam::${ACCOUNT}:role/backup-prod-service`,
    maxAttempts: 3,
    initialBackoffSeconds: 300,
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
