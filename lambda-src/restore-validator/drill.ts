import { DRILL_TAG_KEY } from '../shared/drill';
import { NamedError } from '../shared/errors';
import type { Validation } from './checks/types';
import { validateRestoredResource } from './validate';

export interface DrillValidationRequest {
  mode: 'drill';
  resourceType: string;
  createdResourceArn: string;
  /** The drill's source: never tagged as the drill's, whatever the restore job reports. */
  sourceResourceArn?: string;
  drillId: string;
}

export interface DrillValidation extends Validation {
  /** When the restored resource was found usable (ISO 8601); the clean-up measures an Aurora drill's recovery time to it. */
  readyAt: string;
}

/**
 * Tags the restored resource as this drill's first: cleanup later deletes only what carries that tag. A resource not
 * usable yet throws RestoredResourceNotReady (the state machine validates again later).
 */
export async function validateDrill(request: DrillValidationRequest): Promise<DrillValidation> {
  if (!request.createdResourceArn || !request.drillId) {
    throw new NamedError('InvalidRequest', 'drill validation needs createdResourceArn and drillId');
  }
  if (request.createdResourceArn === request.sourceResourceArn) {
    // Tagging the source would mark it for the clean-up: refuse before touching it.
    throw new NamedError('UnsafeRestoreTarget', `The restore reports the drill's source ${request.sourceResourceArn} as the restored resource; not tagging it`);
  }
  const validation = await validateRestoredResource(request.resourceType, request.createdResourceArn, { [DRILL_TAG_KEY]: request.drillId });
  return { ...validation, readyAt: new Date().toISOString() };
}
