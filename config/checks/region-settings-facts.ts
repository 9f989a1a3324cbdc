import { TYPES_IN_EVERY_REGION, type BackupResourceType } from '../aws-facts';
import type { EnvironmentFile } from '../schema';
import { orchestrationRegions, planRegions } from './environment-facts';
import { selectionTypes } from './selection-types';

/** A type the file relies on in a Region, and where the file says so. */
export interface ReliedOnType {
  readonly type: BackupResourceType;
  readonly path: readonly (string | number)[];
}

/** Types the file names for a Region: selection ARNs of plans running there, drills and restore tests there. */
export function typesReliedOn(env: EnvironmentFile, region: string): ReliedOnType[] {
  const out: ReliedOnType[] = [];
  (env.plans ?? []).forEach((plan, p) => {
    if (!planRegions(env, plan).includes(region)) return;
    plan.selections.forEach((selection, s) => {
      const selected = selectionTypes(selection, env.accountId, region);
      if (selected.known) for (const type of selected.types) out.push({ type, path: ['plans', p, 'selections', s] });
    });
  });
  const primary = env.regions.primary;
  const inRegion = orchestrationRegions(env).includes(region);
  if (inRegion) {
    (env.orchestration?.drills ?? []).forEach((drill, d) => {
      if ((drill.region ?? primary) === region) out.push({ type: drill.resourceType, path: ['orchestration', 'drills', d, 'resourceType'] });
    });
    (env.orchestration?.restoreTesting ?? []).forEach((plan, p) => {
      if ((plan.region ?? primary) !== region) return;
      plan.selections.forEach((s, i) => out.push({ type: s.resourceType, path: ['orchestration', 'restoreTesting', p, 'selections', i, 'resourceType'] }));
    });
  }
  return out;
}

/** Whether the stack manages the Region settings (the default), and the opt-in preferences it sets in a Region. */
export function optInPreferences(env: EnvironmentFile, region: string): { managed: boolean; optIn: ReadonlyMap<BackupResourceType, boolean> } {
  const settings = env.regionSettings;
  const optIn = new Map<BackupResourceType, boolean>();
  for (const type of [...TYPES_IN_EVERY_REGION, ...typesReliedOn(env, region).map((r) => r.type), ...(settings?.optIn ?? [])]) optIn.set(type, true);
  for (const type of settings?.optOut ?? []) optIn.set(type, false);
  return { managed: settings?.manage !== false, optIn };
}

/**
 * The management preference of a type in the environment's Regions: DynamoDB and EFS as the file sets them (on unless
 * turned off; AWS's default for accounts since November 2021); other types have no preference to switch (on), and the
 * ledger's isFullyManaged says what "on" means for them.
 */
export function fullManagementOn(env: EnvironmentFile): (type: BackupResourceType) => boolean {
  const full = env.regionSettings?.fullManagement ?? {};
  return (type) => (type === 'DynamoDB' ? full.DynamoDB ?? true : type === 'EFS' ? full.EFS ?? true : true);
}
