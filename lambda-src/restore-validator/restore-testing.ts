import { PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import type { Logger } from '@aws-lambda-powertools/logger';
import { backupClient } from '../shared/clients/backup';
import type { Context } from 'aws-lambda';
import { RESTORED_RESOURCE_NOT_READY } from '../../config/function-contract/task-errors';
import { type BackupJobEvent, normalizeJobEvent } from '../shared/events';
import { idempotentOnEventId } from '../shared/idempotency';
import type { Validation } from './checks/types';
import { validateRestoredResource } from './validate';

export interface RestoreTestingResult extends Validation {
  restoreJobId?: string;
  reported: boolean;
}

/**
 * A restore testing plan's restore finished: validate what it created and report the result to AWS Backup, which
 * deletes the resource itself after the validation window. PutRestoreValidationResult accepts SUCCESSFUL or FAILED;
 * an unsupported type is not reported (AWS Backup then records the validation as timed out) rather than claimed.
 */
export async function validateRestoreTest(
  event: BackupJobEvent,
  logger: Logger,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<RestoreTestingResult> {
  const job = normalizeJobEvent(event);
  logger.appendKeys({ jobId: job.jobId, state: job.state, restoreTestingPlanArn: job.restoreTestingPlanArn });
  if (job.jobType !== 'RESTORE' || job.state !== 'COMPLETED' || !job.restoreTestingPlanArn) {
    const message = 'Not a completed restore of a restore testing plan';
    logger.info(message);
    return { validationStatus: 'SKIPPED', message, restoreJobId: job.jobId, reported: false };
  }
  if (!job.createdResourceArn || !job.resourceType) {
    const validation: Validation = { validationStatus: 'FAILED', message: 'The restore event names no created resource or type' };
    await report(job.jobId, validation);
    return { ...validation, restoreJobId: job.jobId, reported: true };
  }
  const validation = await validateWhenReady(job.resourceType, job.createdResourceArn, logger, context, sleep);
  if (validation.validationStatus === 'SKIPPED') {
    logger.warn('Restore testing result not reported', { message: validation.message });
    return { ...validation, restoreJobId: job.jobId, reported: false };
  }
  await report(job.jobId, validation);
  logger.info('Restore validation reported', { validationStatus: validation.validationStatus, message: validation.message });
  return { ...validation, restoreJobId: job.jobId, reported: true };
}

/** How long to wait before checking a not-yet-usable resource again, and what a run keeps back for its answer. */
const RECHECK_MS = 20_000;
const ANSWER_MARGIN_MS = 30_000;

/**
 * A restored RDS instance can still be `modifying` or `backing-up` when its restore job completes (RestoredResourceNotReady):
 * there is no state machine to retry here, so the run checks again while it has time, then throws (the asynchronous
 * invocation's retries call it again) rather than report a usable resource as FAILED.
 */
async function validateWhenReady(
  resourceType: string, createdResourceArn: string, logger: Logger,
  context: Pick<Context, 'getRemainingTimeInMillis'> | undefined, sleep: (ms: number) => Promise<void>,
): Promise<Validation> {
  for (;;) {
    try {
      return await validateRestoredResource(resourceType, createdResourceArn);
    } catch (error) {
      const notReady = (error as { name?: string }).name === RESTORED_RESOURCE_NOT_READY;
      if (!notReady || (context?.getRemainingTimeInMillis() ?? 0) < RECHECK_MS + ANSWER_MARGIN_MS) throw error;
      logger.info('Restored resource not ready yet; checking again', { message: (error as Error).message });
      await sleep(RECHECK_MS);
    }
  }
}

async function report(restoreJobId: string, validation: Validation): Promise<void> {
  await backupClient().send(
    new PutRestoreValidationResultCommand({
      RestoreJobId: restoreJobId,
      ValidationStatus: validation.validationStatus === 'SUCCESSFUL' ? 'SUCCESSFUL' : 'FAILED',
      ValidationStatusMessage: validation.message.slice(0, 1000),
    }),
  );
}

/** EventBridge delivers at least once: a restore is validated and reported once per event. */
export function validateRestoreTestOncePerEvent(logger: Logger): (event: BackupJobEvent, context: Context) => Promise<RestoreTestingResult> {
  return idempotentOnEventId((event: BackupJobEvent, context: Context) => validateRestoreTest(event, logger, context));
}
