import type { Context } from 'aws-lambda';
import { type BackupJobEvent } from '../shared/events';
import { NamedError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import type { Validation } from './checks/types';
import type { AuroraWriter, AuroraWriterRequest } from './aurora-writer';
import { type DrillValidation, type DrillValidationRequest, validateDrill } from './drill';
import type { RestoreTestingResult } from './restore-testing';

const logger = createLogger('restore-validator');

type ValidatorRequest = DrillValidationRequest | AuroraWriterRequest | BackupJobEvent;

function isEvent(input: ValidatorRequest): input is BackupJobEvent {
  return (input as BackupJobEvent)['detail-type'] !== undefined;
}

/*
 * The restore-testing path (AWS Backup's client, the idempotency store) is imported on the first event, like each
 * type's check (checks/index.ts): a drill's invocation never loads it, and a cold start loads no SDK client at all.
 */
let validateRestoreTestOnce: Promise<(event: BackupJobEvent, context: Context) => Promise<RestoreTestingResult>> | undefined;

/**
 * Two callers: the DR drill state machine (`mode: "drill"`, and `mode: "aurora-writer"` to add the writer instance a
 * restored Aurora cluster lacks) and EventBridge (restore testing plans).
 */
export async function handler(input: ValidatorRequest, context: Context): Promise<DrillValidation | AuroraWriter | Validation | RestoreTestingResult> {
  logger.resetKeys();
  if (isEvent(input)) {
    validateRestoreTestOnce ??= import('./restore-testing').then((module) => module.validateRestoreTestOncePerEvent(logger));
    return (await validateRestoreTestOnce)(input, context);
  }
  if (input.mode === 'aurora-writer') {
    logger.appendKeys({ drillId: input.drillId, createdResourceArn: input.createdResourceArn });
    // Imported on first use, like each type's check: only an Aurora drill needs the RDS client.
    const { createAuroraWriter } = await import('./aurora-writer');
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
