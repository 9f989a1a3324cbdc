import { QUOTAS } from '../aws-facts';
import type { EnvironmentFile } from '../schema';
import { IDENTIFYING_TAG_KEYS } from '../tag-names';
import type { Findings } from './finding';

/*
 * AWS quotas a file can exceed on its own (config/aws-facts/quotas.ts): selections per plan, and tags per resource,
 * counting the tags the stack adds itself. Sizes of synthesized policies are checked on the stack (modules/limits).
 */

/** The tags every resource carries: the file's free tags and the identifying ones the loader adds. */
function everyResourceTagKeys(env: EnvironmentFile): Set<string> {
  return new Set([...Object.keys(env.tags.additional ?? {}), ...IDENTIFYING_TAG_KEYS]);
}

export function checkResourceLimits(env: EnvironmentFile, out: Findings): void {
  const perResource = QUOTAS.tagsPerResource.value;
  const envTags = everyResourceTagKeys(env);
  if (envTags.size > perResource) {
    out.report(['tags', 'additional'], 'tags/count',
      `every resource would carry ${envTags.size} tags (${envTags.size - IDENTIFYING_TAG_KEYS.length} here and ${IDENTIFYING_TAG_KEYS.join(', ')}); AWS allows ${perResource}`, envTags.size);
  }
  (env.plans ?? []).forEach((plan, p) => {
    const perPlan = QUOTAS.selectionsPerPlan.value;
    if (plan.selections.length > perPlan) {
      out.report(['plans', p, 'selections'], 'selection/per-plan',
        `plan "${plan.name}" has ${plan.selections.length} selections; AWS allows ${perPlan} ${QUOTAS.selectionsPerPlan.what.replace(/^selections /, '')} (split the plan)`, plan.selections.length);
    }
    plan.rules.forEach((rule, r) => {
      const keys = new Set([...Object.keys(rule.recoveryPointTags ?? {}), ...IDENTIFYING_TAG_KEYS]);
      if (keys.size > perResource) {
        out.report(['plans', p, 'rules', r, 'recoveryPointTags'], 'tags/count',
          `recovery points would carry ${keys.size} tags (these and ${IDENTIFYING_TAG_KEYS.join(', ')}); AWS allows ${perResource}`, keys.size);
      }
    });
  });
}
