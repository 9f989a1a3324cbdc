import { defaultCatalogSystem } from '../defaults';
import type { EnvironmentFile, PlanConfig, VaultConfig } from '../schema';

/** Primary region first, then the additional ones, as the file lists them. */
export function environmentRegions(env: EnvironmentFile): string[] {
  return [...new Set([env.regions.primary, ...(env.regions.additional ?? [])])];
}

export function vaultRegions(env: EnvironmentFile, vault: VaultConfig): string[] {
  return vault.regions ? [...new Set(vault.regions)] : environmentRegions(env);
}

export function planRegions(env: EnvironmentFile, plan: PlanConfig): string[] {
  return plan.regions ? [...new Set(plan.regions)] : [env.regions.primary];
}

export function findVault(env: EnvironmentFile, name: string, region: string): VaultConfig | undefined {
  return (env.vaults ?? []).find((v) => v.name === name && vaultRegions(env, v).includes(region));
}

/** The retention range a vault enforces on incoming recovery points, if any. */
export function vaultRetentionRange(vault: VaultConfig): { min?: number; max?: number; source: string } | undefined {
  if (vault.type === 'logically-air-gapped' && vault.retention) {
    return { min: vault.retention.minDays, max: vault.retention.maxDays, source: 'air-gapped retention' };
  }
  if (vault.lock && (vault.lock.minRetentionDays !== undefined || vault.lock.maxRetentionDays !== undefined)) {
    return { min: vault.lock.minRetentionDays, max: vault.lock.maxRetentionDays, source: `${vault.lock.mode} lock` };
  }
  return undefined;
}

/** Why a retention of `days` (undefined = kept forever) does not fit `range`, or undefined when it fits. */
export function retentionMisfit(days: number | undefined, range: { min?: number; max?: number; source: string }): string | undefined {
  if (range.max !== undefined && days === undefined) {
    return `keeps recovery points forever, but the ${range.source} allows at most ${range.max} days`;
  }
  if (range.max !== undefined && days !== undefined && days > range.max) {
    return `keeps recovery points ${days} days, more than the ${range.source} maximum of ${range.max}`;
  }
  if (range.min !== undefined && days !== undefined && days < range.min) {
    return `keeps recovery points ${days} days, less than the ${range.source} minimum of ${range.min}`;
  }
  return undefined;
}

/** True when the vault's recovery points are encrypted with a key the customer manages. */
export function usesCustomerManagedKey(vault: VaultConfig, region: string): boolean {
  if (vault.type === 'logically-air-gapped') return false;
  const existing = vault.kms?.existingKeyArns?.[region];
  return existing === undefined || !/:alias\/aws\//.test(existing);
}

/** Regions that get the orchestration layer; none when the file turns it off. */
export function orchestrationRegions(env: EnvironmentFile): string[] {
  if (env.orchestration?.enabled === false) return [];
  return env.orchestration?.regions ? [...new Set(env.orchestration.regions)] : [env.regions.primary];
}

/** `<plan>/<rule>` an on-demand backup follows in `region`: the configured one, else the first rule of the first plan there. */
export function onDemandRuleKey(env: EnvironmentFile, region: string): string | undefined {
  if (env.orchestration?.onDemandRule) return env.orchestration.onDemandRule;
  const plan = (env.plans ?? []).find((p) => planRegions(env, p).includes(region));
  return plan ? `${plan.name}/${plan.rules[0].name}` : undefined;
}

/** The Backstage System the environment becomes: catalog.system, or `<name>-backup`. */
export function catalogSystemName(env: EnvironmentFile): string {
  return env.catalog?.system ?? defaultCatalogSystem(env.name);
}
