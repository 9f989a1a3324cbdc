import { type BackupJobEvent } from '../shared/events';
import { NamedError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import type { Validation } from './checks/types';
import { type DrillValidationRequest, validateDrill } from './drill';
import { type RestoreTestingResult, validateRestoreTest } from './restore-testing';

const logger = createLogger('restore-validator');

function isEvent(input: DrillValidationRequest | BackupJobEvent): input is BackupJobEvent {
  return (input as BackupJobEvent)['detail-type'] !== undefined;
}

/** Two callers: the DR drill state machine (`mode: "drill"`) and EventBridge (restore testing plans). */
export async function handler(input: DrillValidationRequest | BackupJobEvent): Promise<Validation | RestoreTestingResult> {
  logger.resetKeys();
  if (isEvent(input)) return validateRestoreTest(input, logger);
  if (input.mode !== 'drill') throw new NamedError('InvalidRequest', `Unknown mode ${String(input.mode)}: expected "drill" or an EventBridge event`);
  logger.appendKeys({ drillId: input.drillId, resourceType: input.resourceType, createdResourceArn: input.createdResourceArn });
  const validation = await validateDrill(input);
  logger.info('Drill validation finished', { ...validation });
  return validation;
}
