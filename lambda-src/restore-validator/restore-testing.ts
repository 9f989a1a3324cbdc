import { PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import type { Logger } from '@aws-lambda-powertools/logger';
import { backupClient } from '../shared/clients/backup';
import { type BackupJobEvent, normalizeJobEvent } from '../shared/events';
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
export async function validateRestoreTest(event: BackupJobEvent, logger: Logger): Promise<RestoreTestingResult> {
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
  const validation = await validateRestoredResource(job.resourceType, job.createdResourceArn);
  if (validation.validationStatus === 'SKIPPED') {
    logger.warn('Restore testing result not reported', { message: validation.message });
    return { ...validation, restoreJobId: job.jobId, reported: false };
  }
  await report(job.jobId, validation);
  logger.info('Restore validation reported', { validationStatus: validation.validationStatus, message: validation.message });
  return { ...validation, restoreJobId: job.jobId, reported: true };
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
