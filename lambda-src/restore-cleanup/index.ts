import type { Context } from 'aws-lambda';
import { DRILL_TAG_KEY } from '../shared/drill';
import { isAwsError, NamedError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { type CleanupRequest, recoveryTimeSeconds, restoreJobThatCreated } from './proof';
import { RESOURCES } from './resources';

const logger = createLogger('restore-cleanup');

/**
 * The longest one run spends on work it can hand back (emptying a bucket): the state machine calls again while
 * CleanupInProgress, and its clean-up retries (8, at most 5 minutes apart) times this bound keep the whole clean-up
 * well inside the drill's time budget, whatever the function's timeout.
 */
const RUN_BUDGET_MS = 5 * 60_000;

export interface CleanupResult {
  deleted: boolean;
  alreadyGone?: true;
  createdResourceArn: string;
  recoveryTimeSeconds?: number;
}

/**
 * Deletes what a drill restored, only with three proofs: the restore job created it, it is not the source, and it
 * carries this drill's tag. Safe to retry: a resource already gone is reported, not an error.
 */
export async function handler(request: CleanupRequest, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<CleanupResult> {
  logger.resetKeys();
  logger.appendKeys({ jobId: request.restoreJobId, drillId: request.drillId, resourceType: request.resourceType, createdResourceArn: request.createdResourceArn });

  const loadResource = RESOURCES[request.resourceType];
  if (!loadResource) throw new NamedError('CleanupRefused', `No cleanup for resource type ${request.resourceType}`);
  const resource = await loadResource();
  const job = await restoreJobThatCreated(request);
  const measured = recoveryTimeSeconds(job, request.resourceType === 'Aurora' ? request.resourceReadyAt : undefined);
  const gone: CleanupResult = { deleted: false, alreadyGone: true, createdResourceArn: request.createdResourceArn, recoveryTimeSeconds: measured };

  let tags: Record<string, string>;
  try {
    tags = await resource.readTags(request.createdResourceArn);
  } catch (error) {
    if (isAwsError(error, ...resource.notFoundErrors)) {
      logger.info('Restored resource is already gone');
      return gone;
    }
    throw error;
  }
  if (tags[DRILL_TAG_KEY] !== request.drillId) {
    const found = tags[DRILL_TAG_KEY] === undefined ? 'no such tag' : `"${tags[DRILL_TAG_KEY]}"`;
    throw new NamedError(
      'CleanupRefused',
      `Refusing to delete ${request.createdResourceArn}: tag ${DRILL_TAG_KEY} should be "${request.drillId}", found ${found}`,
    );
  }

  try {
    const deadline = Date.now() + RUN_BUDGET_MS;
    const run = { drillId: request.drillId, remainingMs: () => Math.min(context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY, deadline - Date.now()) };
    if ((await resource.delete(request.createdResourceArn, run)) === 'ALREADY_GONE') {
      logger.info('Restored resource is already being deleted');
      return gone;
    }
  } catch (error) {
    if (isAwsError(error, ...resource.notFoundErrors)) {
      logger.info('Restored resource disappeared before deletion');
      return gone;
    }
    throw error;
  }
  logger.info('Restored resource deleted', { recoveryTimeSeconds: measured });
  return { deleted: true, createdResourceArn: request.createdResourceArn, recoveryTimeSeconds: measured };
}
