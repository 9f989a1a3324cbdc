import { NamedError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { type LatestRecoveryPoint, latestRecoveryPoint, type LatestRecoveryPointRequest } from './latest-recovery-point';
import { type Metadata, restoreMetadata, type RestoreMetadataRequest } from './restore-metadata';

const logger = createLogger('restore-planner');

export type PlannerRequest = LatestRecoveryPointRequest | RestoreMetadataRequest;

export async function handler(request: PlannerRequest): Promise<LatestRecoveryPoint | { metadata: Metadata }> {
  logger.resetKeys();
  logger.appendKeys({ action: request.action, resourceArn: request.resourceArn });
  switch (request.action) {
    case 'latest-recovery-point': {
      const found = await latestRecoveryPoint(request);
      logger.info('Latest recovery point found', { recoveryPointArn: found.recoveryPointArn, creationDate: found.creationDate });
      return found;
    }
    case 'restore-metadata': {
      logger.appendKeys({ drillId: request.drillId, resourceType: request.resourceType });
      const result = restoreMetadata(request);
      logger.info('Restore metadata prepared', { metadataKeys: Object.keys(result.metadata) });
      return result;
    }
    default:
      throw new NamedError('InvalidRequest', `Unknown action ${(request as { action?: unknown }).action}`);
  }
}
