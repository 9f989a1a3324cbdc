/** ARN of a backup vault, built from config (never from an assumed partition): copy actions and restore tests name it. */
export function backupVaultArn(partition: string, region: string, accountId: string, vaultName: string): string {
  return `arn:${partition}:backup:${region}:${accountId}:backup-vault:${vaultName}`;
}
