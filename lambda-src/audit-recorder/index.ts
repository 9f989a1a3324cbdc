import { type BackupJobEvent, normalizeJobEvent } from '../shared/events';
import { createLogger } from '../shared/logger';
import { Parameter, readNumberParameter, readParameter } from '../shared/parameters';
import { type WriteResult, writeJobRecord } from './conditional-write';
import { jobRecordOf } from './job-record';

const logger = createLogger('audit-recorder');

export interface AuditResult {
  jobId: string;
  state: string;
  result: WriteResult;
}

/** Safe under duplicates and reordering by construction (a conditional write), so no idempotency table. */
export async function handler(event: BackupJobEvent): Promise<AuditResult> {
  const job = normalizeJobEvent(event);
  logger.resetKeys();
  logger.appendKeys({ jobId: job.jobId, jobType: job.jobType, state: job.state, eventId: job.eventId });

  const [tableName, retentionDays] = await Promise.all([
    readParameter(Parameter.auditTable),
    readNumberParameter(Parameter.auditRetentionDays),
  ]);
  const result = await writeJobRecord(tableName, jobRecordOf(job, new Date(), retentionDays));
  if (result === 'STALE_OR_DUPLICATE') {
    logger.info('Event is a duplicate, older than the stored record, or the record is already terminal; ignored', {
      eventTime: job.eventTime,
    });
  } else {
    logger.info('Job record written', { eventTime: job.eventTime });
  }
  return { jobId: job.jobId, state: job.state, result };
}
