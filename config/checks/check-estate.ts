import type { EnvironmentFile, PlanConfig, RuleConfig, CopyTargetConfig } from '../schema';
import { checkCopySupport } from './check-copy-support';
import { catalogSystemName, findVault, planRegions, retentionMisfit, usesCustomerManagedKey, vaultRetentionRange, environmentRegions } from './environment-facts';
import type { Finding } from './finding';

/** A finding in one of several files. */
export interface EstateFinding extends Finding {
  readonly file: string;
}

export interface ParsedEnvironment {
  readonly file: string;
  readonly env: EnvironmentFile;
}

interface CopyContext {
  readonly source: ParsedEnvironment;
  readonly plan: PlanConfig;
  readonly rule: RuleConfig;
  readonly region: string;
  readonly copy: CopyTargetConfig;
  readonly path: (string | number)[];
}

function checkCopy(ctx: CopyContext, byName: Map<string, ParsedEnvironment>, invalid: ReadonlySet<string>, report: (f: Omit<EstateFinding, 'file'>) => void): void {
  const { source, plan, rule, region, copy, path } = ctx;
  const env = source.env;
  const destName = copy.environment ?? env.name;
  const dest = byName.get(destName)?.env;
  if (!dest) {
    // A file that failed its own checks has already been reported; do not cascade.
    if (invalid.has(destName)) return;
    report({ path: [...path, 'environment'], rule: 'copy/target-environment', message: `no environment named "${destName}" (known: ${[...byName.keys()].join(', ')})`, received: destName });
    return;
  }
  if (dest.partition !== env.partition) {
    report({ path: [...path, 'environment'], rule: 'copy/partition', message: `"${destName}" is in partition ${dest.partition}, this environment in ${env.partition}`, received: destName });
    return;
  }
  if (!environmentRegions(dest).includes(copy.region)) {
    report({ path: [...path, 'region'], rule: 'copy/target-region', message: `environment "${destName}" has no region ${copy.region} (it has ${environmentRegions(dest).join(', ')})`, received: copy.region });
    return;
  }
  const vaultName = copy.vault ?? rule.vault;
  const destVault = findVault(dest, vaultName, copy.region);
  if (!destVault) {
    report({ path: [...path, copy.vault ? 'vault' : 'region'], rule: 'copy/target-vault', message: `environment "${destName}" has no vault "${vaultName}" in ${copy.region}`, received: vaultName });
    return;
  }
  const crossAccount = dest.accountId !== env.accountId;
  if (!crossAccount && copy.region === region && vaultName === rule.vault) {
    report({ path, rule: 'copy/self', message: `copies vault "${vaultName}" in ${region} onto itself`, received: copy });
  }
  if (crossAccount) {
    if (env.organizationId && dest.organizationId && env.organizationId !== dest.organizationId) {
      report({ path: [...path, 'environment'], rule: 'copy/same-organization', message: `this account is in ${env.organizationId}, "${destName}" in ${dest.organizationId}`, received: destName });
    }
    const accept = destVault.acceptCopiesFrom;
    const accepted = (accept?.environments ?? []).includes(env.name) ||
      (accept?.organizationId !== undefined && accept.organizationId === env.organizationId);
    if (!accepted) {
      report({
        path: [...path, 'vault'], rule: 'copy/destination-accepts-source',
        message: `vault "${vaultName}" of "${destName}" in ${copy.region} does not accept copies from "${env.name}" (add it to acceptCopiesFrom.environments, or share an organizationId)`,
        received: vaultName,
      });
    }
    const sourceVault = findVault(env, rule.vault, region);
    if (sourceVault && !usesCustomerManagedKey(sourceVault, region)) {
      report({ path, rule: 'copy/cross-account-cmk', message: `source vault "${rule.vault}" in ${region} is not encrypted with a customer-managed key, so its recovery points cannot be copied to another account`, received: sourceVault.kms?.existingKeyArns?.[region] });
    }
  }
  for (const finding of checkCopySupport({ source: env, plan, region, destination: dest, destinationRegion: copy.region, destinationVault: destVault, path })) report(finding);
  const range = vaultRetentionRange(destVault);
  const days = (copy.lifecycle ?? rule.lifecycle)?.deleteAfterDays;
  const misfit = range && retentionMisfit(days, range);
  if (misfit) {
    report({ path: [...path, copy.lifecycle ? 'lifecycle' : 'vault'], rule: 'copy/retention-fits-destination', message: `destination vault "${vaultName}" of "${destName}" in ${copy.region}: the copy ${misfit}`, received: days });
  }
}

/** The rules that need every environment file at once: uniqueness, and every copy resolved end to end. */
export function checkEstate(environments: readonly ParsedEnvironment[], invalidEnvironmentNames: ReadonlySet<string> = new Set()): EstateFinding[] {
  const findings = new Map<string, EstateFinding>();
  const add = (file: string, f: Omit<EstateFinding, 'file'>) => {
    const finding = { file, ...f };
    findings.set(JSON.stringify([file, f.path, f.rule, f.message]), finding);
  };
  const byName = new Map<string, ParsedEnvironment>();
  const byAccount = new Map<string, ParsedEnvironment>();
  // Backstage compares entity names without case.
  const bySystem = new Map<string, ParsedEnvironment>();
  for (const parsed of environments) {
    const { env, file } = parsed;
    const sameName = byName.get(env.name);
    if (sameName) add(file, { path: ['name'], rule: 'environment/unique-name', message: `"${env.name}" is already defined in ${sameName.file}`, received: env.name });
    else byName.set(env.name, parsed);
    const sameAccount = byAccount.get(env.accountId);
    if (sameAccount) add(file, { path: ['accountId'], rule: 'environment/unique-account', message: `account ${env.accountId} is already managed by ${sameAccount.file}`, received: env.accountId });
    else byAccount.set(env.accountId, parsed);
    const system = catalogSystemName(env);
    const sameSystem = bySystem.get(system.toLowerCase());
    if (sameSystem) {
      add(file, {
        path: env.catalog?.system !== undefined ? ['catalog', 'system'] : ['name'], rule: 'catalog/unique-system',
        message: `Backstage System "${system}" is already the system of ${sameSystem.file} (set catalog.system to another name)`, received: system,
      });
    } else bySystem.set(system.toLowerCase(), parsed);
  }
  for (const source of environments) {
    const env = source.env;
    (env.vaults ?? []).forEach((vault, v) => (vault.acceptCopiesFrom?.environments ?? []).forEach((name, i) => {
      if (!byName.has(name) && !invalidEnvironmentNames.has(name)) add(source.file, { path: ['vaults', v, 'acceptCopiesFrom', 'environments', i], rule: 'accept-copies/unknown-environment', message: `no environment named "${name}"`, received: name });
    }));
    (env.plans ?? []).forEach((plan, p) => plan.rules.forEach((rule, r) => (rule.copyTo ?? []).forEach((copy, c) => {
      for (const region of planRegions(env, plan)) {
        checkCopy({ source, plan, rule, region, copy, path: ['plans', p, 'rules', r, 'copyTo', c] }, byName, invalidEnvironmentNames, (f) => add(source.file, f));
      }
    })));
  }
  return [...findings.values()];
}
