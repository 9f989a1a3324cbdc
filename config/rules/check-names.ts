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

/** Vault names are unique per region; plan names per account; rule and selection names per plan. */
export function checkUniqueNames(env: EnvironmentFile, out: Findings): void {
  const vaults = env.vaults ?? [];
  reportDuplicates(vaults, (v) => vaultRegions(env, v).map((r) => `${v.name}@${r}`), (i) => ['vaults', i, 'name'], 'vault', out);
  const plans = env.plans ?? [];
  reportDuplicates(plans, (p) => [p.name], (i) => ['plans', i, 'name'], 'plan', out);
  plans.forEach((plan, p) => {
    reportDuplicates(plan.rules, (r) => [r.name], (i) => ['plans', p, 'rules', i, 'name'], 'rule', out);
    reportDuplicates(plan.selections, (s) => [s.name], (i) => ['plans', p, 'selections', i, 'name'], 'selection', out);
  });
}
