/*
 * The AWS Backup EventBridge events the machines receive, with exactly the fields of AWS's published example events
 * ("Monitoring AWS Backup events using Amazon EventBridge", Backup Job and Copy Job events:
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html). No SDK type describes them, so event
 * fixtures are written `satisfies BackupJobStateChange` / `CopyJobStateChange`: a field the examples do not have
 * fails `tsc`. Note the event's `createdBy.backupPlanRuleId` where the API's RecoveryPointCreator says `BackupRuleId`.
 */

/** `createdBy` of an event of a job started by a backup plan rule (absent for on-demand jobs). */
export interface EventCreatedBy {
  readonly backupPlanId: string;
  readonly backupPlanArn: string;
  readonly backupPlanVersion: string;
  readonly backupPlanRuleId: string;
}

interface Envelope<DetailType extends string, Detail> {
  readonly 'version': '0';
  readonly 'id': string;
  readonly 'detail-type': DetailType;
  readonly 'source': 'aws.backup';
  readonly 'account': string;
  readonly 'time': string;
  readonly 'region': string;
  readonly 'resources': readonly string[];
  readonly 'detail': Detail;
}

/** Fields of the documented Backup Job State Change examples (FAILED, COMPLETED, RUNNING, ABORTED, EXPIRED, ...). */
export type BackupJobStateChange = Envelope<'Backup Job State Change', {
  readonly backupJobId: string;
  readonly backupSizeInBytes?: string;
  readonly backupVaultArn?: string;
  readonly backupVaultName?: string;
  readonly bytesTransferred?: string;
  readonly creationDate?: string;
  readonly completionDate?: string;
  readonly iamRoleArn?: string;
  readonly resourceArn?: string;
  readonly resourceType?: string;
  readonly state: string;
  readonly statusMessage?: string;
  readonly startBy?: string;
  readonly expectedCompletionDate?: string;
  readonly percentDone?: number;
  readonly retryCount?: number;
  readonly createdBy?: EventCreatedBy;
}>;

/** Fields of the documented Copy Job State Change examples (FAILED, RUNNING, COMPLETED, CREATED). */
export type CopyJobStateChange = Envelope<'Copy Job State Change', {
  readonly copyJobId: string;
  readonly backupSizeInBytes?: number;
  readonly creationDate?: string;
  readonly completionDate?: string;
  readonly iamRoleArn?: string;
  readonly resourceArn?: string;
  readonly resourceType?: string;
  readonly sourceBackupVaultArn?: string;
  readonly state: string;
  readonly statusMessage?: string;
  readonly destinationBackupVaultArn?: string;
  readonly destinationRecoveryPointArn?: string | Record<string, never>;
  readonly createdBy?: EventCreatedBy;
}>;

/**
 * Fields of the documented Restore Job State Change examples (FAILED, RUNNING, COMPLETED, PENDING, CREATED; a
 * CREATED event says `state`, the others `status`), plus `restoreTestingPlanArn`, which the page says a restore
 * testing job's events include.
 */
export type RestoreJobStateChange = Envelope<'Restore Job State Change', {
  readonly restoreJobId: string;
  readonly backupVaultArn?: string;
  readonly recoveryPointArn?: string;
  readonly sourceResourceArn?: string;
  readonly backupSizeInBytes?: string;
  readonly creationDate?: string;
  readonly completionDate?: string;
  readonly iamRoleArn?: string;
  readonly percentDone?: number;
  readonly resourceType?: string;
  readonly status?: string;
  readonly state?: string;
  readonly statusMessage?: string;
  readonly createdResourceArn?: string;
  readonly restoreTestingPlanArn?: string;
}>;
