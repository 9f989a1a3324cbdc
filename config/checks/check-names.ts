import type { EnvironmentFile } from '../schema';
import { vaultRegions } from './environment-facts';
import type { Findings } from './finding';

function reportDuplicates<T>(items: readonly T[], keyOf: (item: T) => string[], path: (i: number) => (string | number)[], what: string, out: Findings): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    for (const key of keyOf(item)) {
      if (seen.has(key)) out.report(path(i), 'names/unique', `${what} "${key.split('@')[0]}" is defined twice${key.includes('@') ? ` in ${key.split('@')[1]}` : ''}`, key.split('@')[0]);
      seen.add(key);
    }
  });
}

/**
 * Vault names are unique per region; plan names per account; rule and selection names per plan; drill and restore
 * testing plan names per region; restore testing selection names per restore testing plan.
 */
export function checkUniqueNames(env: EnvironmentFile, out: Findings): void {
  const vaults = env.vaults ?? [];
  reportDuplicates(vaults, (v) => vaultRegions(env, v).map((r) => `${v.name}@${r}`), (i) => ['vaults', i, 'name'], 'vault', out);
  const plans = env.plans ?? [];
  reportDuplicates(plans, (p) => [p.name], (i) => ['plans', i, 'name'], 'plan', out);
  plans.forEach((plan, p) => {
    reportDuplicates(plan.rules, (r) => [r.name], (i) => ['plans', p, 'rules', i, 'name'], 'rule', out);
    reportDuplicates(plan.selections, (s) => [s.name], (i) => ['plans', p, 'selections', i, 'name'], 'selection', out);
  });
  // Drill schedules and restore testing plans are named per account and region; selections per restore testing plan.
  const orchestration = env.orchestration;
  const regionOf = (item: { region?: string }) => item.region ?? env.regions.primary;
  reportDuplicates(orchestration?.drills ?? [], (d) => [`${d.name}@${regionOf(d)}`], (i) => ['orchestration', 'drills', i, 'name'], 'drill', out);
  const testing = orchestration?.restoreTesting ?? [];
  reportDuplicates(testing, (t) => [`${t.name}@${regionOf(t)}`], (i) => ['orchestration', 'restoreTesting', i, 'name'], 'restore testing plan', out);
  testing.forEach((plan, p) => {
    reportDuplicates(plan.selections, (s) => [s.name], (i) => ['orchestration', 'restoreTesting', p, 'selections', i, 'name'], 'restore testing selection', out);
  });
}
