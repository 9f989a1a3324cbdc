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

/** Tags the restored resource as this drill's first: cleanup later deletes only what carries that tag. */
export async function validateDrill(request: DrillValidationRequest): Promise<Validation> {
  if (!request.createdResourceArn || !request.drillId) {
    throw new NamedError('InvalidRequest', 'drill validation needs createdResourceArn and drillId');
  }
  if (request.createdResourceArn === request.sourceResourceArn) {
    // Tagging the source would mark it for the clean-up: refuse before touching it.
    throw new NamedError('UnsafeRestoreTarget', `The restore reports the drill's source ${request.sourceResourceArn} as the restored resource; not tagging it`);
  }
  return validateRestoredResource(request.resourceType, request.createdResourceArn, { [DRILL_TAG_KEY]: request.drillId });
}
