import type { Context } from 'aws-lambda';
import { type BackupJobEvent } from '../shared/events';
import { NamedError } from '../shared/errors';
import { idempotentOnEventId } from '../shared/idempotency';
import { createLogger } from '../shared/logger';
import type { Validation } from './checks/types';
import { type AuroraWriter, type AuroraWriterRequest, createAuroraWriter } from './aurora-writer';
import { type DrillValidation, type DrillValidationRequest, validateDrill } from './drill';
import { type RestoreTestingResult, validateRestoreTest } from './restore-testing';

const logger = createLogger('restore-validator');

type ValidatorRequest = DrillValidationRequest | AuroraWriterRequest | BackupJobEvent;

function isEvent(input: ValidatorRequest): input is BackupJobEvent {
  return (input as BackupJobEvent)['detail-type'] !== undefined;
}

/** EventBridge delivers at least once: a restore is validated and reported once per event. */
const validateRestoreTestOnce = idempotentOnEventId((event: BackupJobEvent, context: Context) => validateRestoreTest(event, logger, context));

/**
 * Two callers: the DR drill state machine (`mode: "drill"`, and `mode: "aurora-writer"` to add the writer instance a
 * restored Aurora cluster lacks) and EventBridge (restore testing plans).
 */
export async function handler(input: ValidatorRequest, context: Context): Promise<DrillValidation | AuroraWriter | Validation | RestoreTestingResult> {
  logger.resetKeys();
  if (isEvent(input)) return validateRestoreTestOnce(input, context);
  if (input.mode === 'aurora-writer') {
    logger.appendKeys({ drillId: input.drillId, createdResourceArn: input.createdResourceArn });
    const writer = await createAuroraWriter(input);
    logger.info('Aurora writer instance requested', { ...writer });
    return writer;
  }
  if (input.mode !== 'drill') throw new NamedError('InvalidRequest', `Unknown mode ${String((input as { mode?: unknown }).mode)}: expected "drill", "aurora-writer" or an EventBridge event`);
  logger.appendKeys({ drillId: input.drillId, resourceType: input.resourceType, createdResourceArn: input.createdResourceArn });
  const validation = await validateDrill(input);
  logger.info('Drill validation finished', { ...validation });
  return validation;
}
