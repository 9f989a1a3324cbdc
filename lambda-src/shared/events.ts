import type { EventBridgeEvent } from 'aws-lambda';

/*
 * One normalized view of the three AWS Backup job events (see the shapes in the shared reference). Restore events
 * carry `status` (and sometimes `state` on the first event); backup and copy events carry `state`. Parsers accept
 * both spellings.
 */

export type JobType = 'BACKUP' | 'COPY' | 'RESTORE';

export const JOB_DETAIL_TYPES: Readonly<Record<string, JobType>> = {
  'Backup Job State Change': 'BACKUP',
  'Copy Job State Change': 'COPY',
  'Restore Job State Change': 'RESTORE',
};

/**
 * States after which a job never changes again. PARTIAL is a terminal state of composite backup and copy jobs
 * (BackupJobState / CopyJobState in the AWS Backup API).
 */
export const TERMINAL_STATES: readonly string[] = ['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'];

export function isTerminalState(state: string | undefined): boolean {
  return state !== undefined && TERMINAL_STATES.includes(state);
}

export interface BackupJobEventDetail {
  backupJobId?: string;
  copyJobId?: string;
  restoreJobId?: string;
  state?: string;
  status?: string;
  resourceArn?: string;
  sourceResourceArn?: string;
  createdResourceArn?: string;
  resourceType?: string;
  backupVaultArn?: string;
  backupVaultName?: string;
  sourceBackupVaultArn?: string;
  destinationBackupVaultArn?: string;
  recoveryPointArn?: string;
  /** AWS's example of a FAILED copy sends `{}` here (eventbridge.html): read it as text or nothing. */
  destinationRecoveryPointArn?: string | Record<string, never>;
  statusMessage?: string;
  creationDate?: string;
  completionDate?: string;
  restoreTestingPlanArn?: string;
  createdBy?: { backupPlanId?: string; backupPlanArn?: string; backupPlanVersion?: string; backupPlanRuleId?: string };
  [key: string]: unknown;
}

export type BackupJobEvent = EventBridgeEvent<string, BackupJobEventDetail>;

export interface NormalizedJob {
  readonly eventId: string;
  readonly jobType: JobType;
  readonly jobId: string;
  /** Upper case. */
  readonly state: string;
  /** The protected resource: `resourceArn`, or `sourceResourceArn` for restores. */
  readonly resourceArn?: string;
  readonly resourceType?: string;
  readonly backupVaultArn?: string;
  /**
   * The recovery point the job is about: the one a backup created (`resources[0]` once COMPLETED), the one a copy
   * created (`destinationRecoveryPointArn`), the one a restore read.
   */
  readonly recoveryPointArn?: string;
  readonly destinationRecoveryPointArn?: string;
  readonly destinationBackupVaultArn?: string;
  readonly createdResourceArn?: string;
  readonly statusMessage?: string;
  readonly creationDate?: string;
  readonly completionDate?: string;
  readonly restoreTestingPlanArn?: string;
  readonly backupPlanId?: string;
  /** The event's `time`: when AWS Backup observed the change. */
  readonly eventTime: string;
  readonly region: string;
  readonly accountId: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function jobTypeOf(event: Pick<BackupJobEvent, 'detail-type'>): JobType | undefined {
  return JOB_DETAIL_TYPES[event['detail-type']];
}

export function normalizeJobEvent(event: BackupJobEvent): NormalizedJob {
  const jobType = jobTypeOf(event);
  if (!jobType) throw new Error(`Not an AWS Backup job event: detail-type "${event['detail-type']}"`);
  const detail = event.detail ?? {};
  const jobId = text({ BACKUP: detail.backupJobId, COPY: detail.copyJobId, RESTORE: detail.restoreJobId }[jobType]);
  if (!jobId) throw new Error(`${event['detail-type']} event ${event.id} carries no job ID`);
  const rawState = jobType === 'RESTORE' ? text(detail.status) ?? text(detail.state) : text(detail.state) ?? text(detail.status);
  if (!rawState) throw new Error(`${event['detail-type']} event ${event.id} carries neither state nor status`);
  const state = rawState.toUpperCase();

  const firstResource = text(event.resources?.[0]);
  const recoveryPointArn =
    jobType === 'BACKUP'
      ? text(detail.recoveryPointArn) ?? (state === 'COMPLETED' ? firstResource : undefined)
      : jobType === 'COPY'
        ? text(detail.destinationRecoveryPointArn)
        : text(detail.recoveryPointArn);

  return {
    eventId: event.id,
    jobType,
    jobId,
    state,
    resourceArn: jobType === 'RESTORE' ? text(detail.sourceResourceArn) ?? text(detail.resourceArn) : text(detail.resourceArn),
    resourceType: text(detail.resourceType),
    backupVaultArn: text(detail.backupVaultArn) ?? text(detail.sourceBackupVaultArn),
    recoveryPointArn,
    destinationRecoveryPointArn: text(detail.destinationRecoveryPointArn),
    destinationBackupVaultArn: text(detail.destinationBackupVaultArn),
    createdResourceArn: text(detail.createdResourceArn),
    statusMessage: text(detail.statusMessage),
    creationDate: text(detail.creationDate),
    completionDate: text(detail.completionDate),
    restoreTestingPlanArn: text(detail.restoreTestingPlanArn),
    backupPlanId: text(detail.createdBy?.backupPlanId),
    eventTime: event.time,
    region: event.region,
    accountId: event.account,
  };
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export function utcDay(isoTime: string): string {
  const date = new Date(isoTime);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a timestamp: ${isoTime}`);
  return date.toISOString().slice(0, 10);
}
