import { TagResourceCommand } from '@aws-sdk/client-backup';
import type { Context } from 'aws-lambda';
import { backupClient } from '../shared/clients/backup';
import { type BackupJobEvent, normalizeJobEvent } from '../shared/events';
import { idempotentOnEventId } from '../shared/idempotency';
import { createLogger } from '../shared/logger';
import { recoveryPointTags } from './tags';
import { tagTargetOf } from './target';

const logger = createLogger('recovery-point-tagger');

export type TaggerResult =
  | { tagged: true; recoveryPointArn: string; tags: Record<string, string> }
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
  await backupClient(region).send(new TagResourceCommand({ ResourceArn: recoveryPointArn, Tags: tags }));
  logger.info('Recovery point tagged', { recoveryPointArn, tagKeys: Object.keys(tags) });
  return { tagged: true, recoveryPointArn, tags };
}

export const handler = idempotentOnEventId(tagRecoveryPoint);
