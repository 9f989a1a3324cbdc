import type { Context } from 'aws-lambda';
import { type BackupJobEvent, normalizeJobEvent } from '../shared/events';
import { idempotentOnEventId } from '../shared/idempotency';
import { createLogger } from '../shared/logger';
import { type RecoveryPointTaggingApi } from '../../config/function-contract/recovery-point-tagging';
import { tagByArnShape } from './tag-apis';
import { recoveryPointTags } from './tags';
import { tagTargetOf } from './target';

const logger = createLogger('recovery-point-tagger');

export type TaggerResult =
  | { tagged: true; recoveryPointArn: string; tags: Record<string, string>; api: RecoveryPointTaggingApi }
  | { tagged: false; reason: string };

async function tagRecoveryPoint(event: BackupJobEvent, _context: Context): Promise<TaggerResult> {
  const job = normalizeJobEvent(event);
  logger.resetKeys();
  logger.appendKeys({ jobId: job.jobId, jobType: job.jobType, state: job.state, eventId: job.eventId });

  const decision = tagTargetOf(job);
  if ('skip' in decision) {
    logger.info('Nothing to tag', { reason: decision.skip });
    return { tagged: false, reason: decision.skip };
  }
  const { recoveryPointArn, region } = decision.target;
  const tags = await recoveryPointTags(job.backupPlanId);
  const outcome = await tagByArnShape(recoveryPointArn, region, tags);
  if (!outcome.tagged) {
    // Not an error: retrying cannot make it taggable, and the dead-letter queue and its alarm are for real failures.
    logger.warn('Recovery point not tagged', { recoveryPointArn, reason: outcome.reason });
    return { tagged: false, reason: outcome.reason };
  }
  logger.info('Recovery point tagged', { recoveryPointArn, api: outcome.api, tagKeys: Object.keys(tags) });
  return { tagged: true, recoveryPointArn, tags, api: outcome.api };
}

export const handler = idempotentOnEventId(tagRecoveryPoint);
