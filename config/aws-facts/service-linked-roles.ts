import { SOURCES, type Source } from './sources';

/*
 * The service-linked role AWS Backup uses to delete recovery points (and to copy types it does not fully manage). A
 * principal that deletes recovery points needs to be able to create it: without it a deletion answers 200, deletes
 * nothing and leaves the recovery point EXPIRED.
 */

export interface ServiceLinkedRole {
  readonly roleName: string;
  /** The path IAM gives service-linked roles: /aws-service-role/<service principal>/. */
  readonly path: string;
  /** The value of `iam:AWSServiceName` in an iam:CreateServiceLinkedRole request for it. */
  readonly serviceName: string;
  readonly sources: readonly Source[];
}

export const BACKUP_SERVICE_LINKED_ROLE: ServiceLinkedRole = {
  roleName: 'AWSServiceRoleForBackup',
  path: '/aws-service-role/backup.amazonaws.com/',
  serviceName: 'backup.amazonaws.com',
  sources: [SOURCES.backupServiceLinkedRole, SOURCES.deleteRecoveryPointModel],
};

/** The role's ARN in an account. */
export function serviceLinkedRoleArn(role: ServiceLinkedRole, partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role${role.path}${role.roleName}`;
}
