import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../config/defaults';
import { DEFAULT_RETRY_POLICY } from '../../modules/orchestration/backup-orchestration';
import type { BackupOrchestratorDefinitionProps } from '../../modules/orchestration/state-machines/definition-props';
import { DUMMY_ACCOUNT, DUMMY_PARTITION, dummyArn } from './neutral-identifiers';

/*
 * Props of the backup orchestrator as a stack would pass them, with neutral names: one rule with two copies (as the
 * test fixture has), the project's default retry and audit retention, and the callback timeout under study.
 */
export const BENCH_COPY_TARGETS = 2;

export function orchestratorBenchProps(callbackTimeoutSeconds: number): BackupOrchestratorDefinitionProps {
  return {
    partition: DUMMY_PARTITION,
    taskTokenTableName: 'bench-task-tokens',
    auditTableName: 'bench-audit',
    topicArn: dummyArn('sns', 'bench-notifications'),
    callbackTimeoutSeconds,
    auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS,
    retry: DEFAULT_RETRY_POLICY,
    backupRoleArn: `arn:${DUMMY_PARTITION}:iam::${DUMMY_ACCOUNT}:role/bench-backup-service`,
    rules: [{
      key: 'daily/standard',
      vaultName: 'bench-primary',
      lifecycle: { deleteAfterDays: 35 },
      copies: Array.from({ length: BENCH_COPY_TARGETS }, (_, i) => ({
        destinationVaultArn: dummyArn('backup', `backup-vault:bench-copy-${i + 1}`),
        lifecycle: { deleteAfterDays: 35 },
      })),
    }],
    defaultRuleKey: 'daily/standard',
    recoveryPointTags: { environment: 'bench' },
  };
}
