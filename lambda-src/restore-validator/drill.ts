import { DRILL_TAG_KEY } from '../shared/drill';
import { NamedError } from '../shared/errors';
import type { Validation } from './checks/types';
import { validateRestoredResource } from './validate';

export interface DrillValidationRequest {
  mode: 'drill';
  resourceType: string;
  createdResourceArn: string;
  drillId: string;
}

/** Tags the restored resource as this drill's first: cleanup later deletes only what carries that tag. */
export async function validateDrill(request: DrillValidationRequest): Promise<Validation> {
  if (!request.createdResourceArn || !request.drillId) {
    throw new NamedError('InvalidRequest', 'drill validation needs createdResourceArn and drillId');
  }
  return validateRestoredResource(request.resourceType, request.createdResourceArn, { [DRILL_TAG_KEY]: request.drillId });
}
