/*
 * Defaults and names of backup rules that the normalizer, the orchestration model and the rules share (written once;
 * kept apart from normalize.ts so that its parts import them without importing each other).
 */

/** AWS Backup's own default completion window: 7 days. */
export const DEFAULT_COMPLETION_WINDOW_MINUTES = 7 * 24 * 60;

/** ARN of a backup vault, built from config (never from an assumed partition). */
export function backupVaultArn(partition: string, region: string, accountId: string, vaultName: string): string {
  return `arn:${partition}:backup:${region}:${accountId}:backup-vault:${vaultName}`;
}
