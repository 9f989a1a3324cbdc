import type { LifecycleModel } from '../../../config/model';
import type { JsonObject } from './asl-types';

/** AWS Backup `Lifecycle` (PascalCase). Empty when the config sets none: AWS Backup then applies no lifecycle. */
export function lifecycleParameters(lifecycle?: LifecycleModel): JsonObject {
  const out: JsonObject = {};
  if (lifecycle?.deleteAfterDays !== undefined) out.DeleteAfterDays = lifecycle.deleteAfterDays;
  if (lifecycle?.moveToColdStorageAfterDays !== undefined) out.MoveToColdStorageAfterDays = lifecycle.moveToColdStorageAfterDays;
  if (lifecycle?.optInToArchiveForSupportedResources !== undefined) {
    out.OptInToArchiveForSupportedResources = lifecycle.optInToArchiveForSupportedResources;
  }
  return out;
}
