import { DescribeRecoveryPointCommand, ListRecoveryPointsByResourceCommand, type RecoveryPointByResource } from '@aws-sdk/client-backup';
import { backupResourceTypeFromArn } from '../shared/arn';
import { backupClient } from '../shared/clients/backup';
import { NamedError } from '../shared/errors';
import { NO_RECOVERY_POINT_FOUND } from '../../config/function-contract/task-errors';

export interface LatestRecoveryPointRequest {
  action: 'latest-recovery-point';
  resourceArn: string;
  /** Only recovery points in this vault (e.g. a copy vault). */
  vaultName?: string;
}

export interface LatestRecoveryPoint {
  recoveryPointArn: string;
  backupVaultName: string;
  /** ISO 8601. */
  creationDate: string;
  resourceType: string;
}

export async function latestRecoveryPoint(request: LatestRecoveryPointRequest): Promise<LatestRecoveryPoint> {
  if (!request.resourceArn) throw new NamedError('InvalidRequest', 'latest-recovery-point needs resourceArn');
  const client = backupClient();
  let latest: RecoveryPointByResource | undefined;
  let nextToken: string | undefined;
  do {
    // ManagedByAWSBackupOnly: recovery points AWS Backup manages only; without it the listing also holds the resource's
    // own snapshots (RDS automated and manual, DynamoDB on-demand...), which StartRestoreJob cannot restore from a vault
    // (ListRecoveryPointsByResource: "If this is set to TRUE, the response will contain recovery points associated with
    // the selected resources that are managed by Backup"; npm:@aws-sdk/client-backup@3.1092.0 ListRecoveryPointsByResourceInput).
    const page = await client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: request.resourceArn, NextToken: nextToken, ManagedByAWSBackupOnly: true }));
    for (const point of page.RecoveryPoints ?? []) {
      if (point.Status !== 'COMPLETED' || !point.RecoveryPointArn || !point.CreationDate || !point.BackupVaultName) continue;
      if (request.vaultName && point.BackupVaultName !== request.vaultName) continue;
      if (!latest || point.CreationDate.getTime() > (latest.CreationDate as Date).getTime()) latest = point;
    }
    nextToken = page.NextToken;
  } while (nextToken);

  if (!latest) {
    const where = request.vaultName ? ` in vault ${request.vaultName}` : '';
    throw new NamedError(NO_RECOVERY_POINT_FOUND, `No COMPLETED recovery point of ${request.resourceArn}${where}`);
  }
  const recoveryPointArn = latest.RecoveryPointArn as string;
  const backupVaultName = latest.BackupVaultName as string;
  return {
    recoveryPointArn,
    backupVaultName,
    creationDate: (latest.CreationDate as Date).toISOString(),
    resourceType: backupResourceTypeFromArn(request.resourceArn) ?? (await describedResourceType(backupVaultName, recoveryPointArn)),
  };
}

/** The listing carries no resource type; a resource whose ARN does not tell it is described once. */
async function describedResourceType(backupVaultName: string, recoveryPointArn: string): Promise<string> {
  const described = await backupClient().send(new DescribeRecoveryPointCommand({ BackupVaultName: backupVaultName, RecoveryPointArn: recoveryPointArn }));
  if (!described.ResourceType) throw new Error(`Recovery point ${recoveryPointArn} has no resource type`);
  return described.ResourceType;
}
