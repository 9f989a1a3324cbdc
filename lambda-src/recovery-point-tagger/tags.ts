import { Parameter, readJsonParameter, readParameterTree } from '../shared/parameters';

import { SOURCE_PLAN_TAG } from '../../config/function-contract/recovery-point-tagging';

export { SOURCE_PLAN_TAG };

/** `plans/<plan name>/id` parameters, inverted: backup plan ID → plan name. */
export async function planNameOf(backupPlanId: string | undefined): Promise<string | undefined> {
  if (!backupPlanId) return undefined;
  const plans = await readParameterTree(Parameter.plans);
  for (const [relativeName, planId] of Object.entries(plans)) {
    const match = /^(.+)\/id$/.exec(relativeName);
    if (match && planId === backupPlanId) return match[1];
  }
  return undefined;
}

export async function recoveryPointTags(backupPlanId: string | undefined): Promise<Record<string, string>> {
  const configured = await readJsonParameter<Record<string, unknown>>(Parameter.recoveryPointTags);
  if (!configured || typeof configured !== 'object' || Array.isArray(configured)) {
    throw new Error(`${Parameter.recoveryPointTags} must hold a JSON object of tags`);
  }
  const tags = Object.fromEntries(Object.entries(configured).map(([key, value]) => [key, String(value)]));
  const planName = await planNameOf(backupPlanId);
  if (planName) tags[SOURCE_PLAN_TAG] = planName;
  return tags;
}
