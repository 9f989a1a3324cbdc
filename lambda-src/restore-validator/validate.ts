import { awsErrorName, isAwsError } from '../shared/errors';
import { CHECKS } from './checks';
import { failed, type Validation } from './checks/types';

/**
 * Runs the check of a resource type; optionally tags first. A resource that does not exist fails validation; other
 * errors (throttling, permissions) are thrown so that the caller's retry policy sees them.
 */
export async function validateRestoredResource(
  resourceType: string,
  createdResourceArn: string,
  tagsToAdd?: Record<string, string>,
): Promise<Validation> {
  const loadCheck = CHECKS[resourceType];
  if (!loadCheck) {
    return { validationStatus: 'SKIPPED', message: `No validation for resource type ${resourceType}; supported: ${Object.keys(CHECKS).join(', ')}` };
  }
  const check = await loadCheck();
  try {
    if (tagsToAdd) await check.tag(createdResourceArn, tagsToAdd);
    return await check.check(createdResourceArn);
  } catch (error) {
    if (isAwsError(error, ...check.notFoundErrors)) {
      return failed(`Restored resource ${createdResourceArn} does not exist (${awsErrorName(error)})`);
    }
    throw error;
  }
}
