import { type NormalizedJob, utcDay } from '../shared/events';

/** The audit table's job record (lambda-src/README.md, "Tables"). */
export interface JobRecord {
  pk: string;
  recordType: 'JOB';
  jobType: string;
  jobId: string;
  state: string;
  resourceArn?: string;
  resourceType?: string;
  backupVaultArn?: string;
  recoveryPointArn?: string;
  destinationBackupVaultArn?: string;
  createdResourceArn?: string;
  statusMessage?: string;
  eventTime: string;
  day: string;
  region: string;
  accountId: string;
  backupPlanId?: string;
  restoreTestingPlanArn?: string;
  updatedAt: string;
  expiresAt: number;
}

export function jobRecordKey(jobId: string): string {
  return `JOB#${jobId}`;
}

export function jobRecordOf(job: NormalizedJob, now: Date, retentionDays: number): JobRecord {
  return {
    pk: jobRecordKey(job.jobId),
    recordType: 'JOB',
    jobType: job.jobType,
    jobId: job.jobId,
    state: job.state,
    resourceArn: job.resourceArn,
    resourceType: job.resourceType,
    backupVaultArn: job.backupVaultArn,
    recoveryPointArn: job.recoveryPointArn,
    destinationBackupVaultArn: job.destinationBackupVaultArn,
    createdResourceArn: job.createdResourceArn,
    statusMessage: job.statusMessage,
    eventTime: job.eventTime,
    day: utcDay(job.eventTime),
    region: job.region,
    accountId: job.accountId,
    backupPlanId: job.backupPlanId,
    restoreTestingPlanArn: job.restoreTestingPlanArn,
    updatedAt: now.toISOString(),
    // Retention counts from the event, so a late duplicate does not extend a record's life.
    expiresAt: Math.floor(new Date(job.eventTime).getTime() / 1000) + Math.round(retentionDays * 24 * 60 * 60),
  };
}
