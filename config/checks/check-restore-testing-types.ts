import { BACKUP_RESOURCE_TYPES, type BackupResourceType } from '../aws-facts';
import type { EnvironmentFile } from '../schema';
import { findVault, planRegions } from './environment-facts';
import type { Findings } from './finding';
import { selectionTypes, unionOfTypes, type SelectionTypes } from './selection-types';

/*
 * A restore testing selection restores the latest recovery point of its type in the plan's vaults. When nothing
 * puts that type into those vaults, every scheduled run finds nothing and the test proves nothing: refused.
 * Vaults that accept copies from other accounts can receive any type, and a tag-based selection counts as backing up
 * every type its exclusions leave (no refusal on a guess).
 */

/** Types that this file's plans put into `vault` in `region`, by backup or by copy. */
export function typesProducedInto(env: EnvironmentFile, vault: string, region: string): ReadonlySet<BackupResourceType> {
  const produced: SelectionTypes[] = [];
  for (const plan of env.plans ?? []) {
    for (const planRegion of planRegions(env, plan)) {
      const intoVault = plan.rules.some((rule) =>
        (rule.vault === vault && planRegion === region)
        || (rule.copyTo ?? []).some((copy) => (copy.environment ?? env.name) === env.name && copy.region === region && (copy.vault ?? rule.vault) === vault));
      if (intoVault) produced.push(unionOfTypes(plan.selections.map((s) => selectionTypes(s, env.accountId, planRegion))));
    }
  }
  return new Set(produced.flatMap((p) => [...p.types]));
}

export function checkRestoreTestingTypes(env: EnvironmentFile, out: Findings): void {
  (env.orchestration?.restoreTesting ?? []).forEach((plan, p) => {
    const region = plan.region ?? env.regions.primary;
    const vaults = plan.vaults.map((name) => findVault(env, name, region)).filter((v) => v !== undefined);
    // An unknown vault is refused by restore-testing/vault; copies from other accounts can bring any type.
    if (vaults.length !== plan.vaults.length || vaults.some((v) => v.acceptCopiesFrom !== undefined)) return;
    const types = new Set(plan.vaults.flatMap((name) => [...typesProducedInto(env, name, region)]));
    plan.selections.forEach((selection, s) => {
      if (types.has(selection.resourceType)) return;
      const absent = BACKUP_RESOURCE_TYPES.filter((t) => !types.has(t));
      const received = types.size === 0 ? 'nothing' : absent.length < types.size ? `every type but ${absent.join(', ')}` : [...types].sort().join(', ');
      out.report(['orchestration', 'restoreTesting', p, 'selections', s, 'resourceType'], 'restore-testing/resource-type',
        `no plan puts ${selection.resourceType} recovery points into ${plan.vaults.join(', ')} in ${region} `
          + `(they receive ${received}): the restore test would have nothing to restore`, selection.resourceType);
    });
  });
}
