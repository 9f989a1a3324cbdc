import type { EnvironmentFile, VaultConfig } from '../schema';
import { vaultRegions } from './environment-facts';
import type { Findings } from './finding';

function checkLock(vault: VaultConfig, path: (string | number)[], out: Findings): void {
  const lock = vault.lock;
  if (!lock) return;
  if (lock.mode === 'governance' && lock.changeableForDays !== undefined) {
    out.report([...path, 'lock', 'changeableForDays'], 'vault-lock/governance-changeable',
      'governance mode takes no changeableForDays (remove it, or use mode: compliance)', lock.changeableForDays);
  }
  if (lock.mode === 'compliance' && (lock.changeableForDays === undefined || lock.changeableForDays < 3)) {
    out.report([...path, 'lock', 'changeableForDays'], 'vault-lock/compliance-changeable',
      'compliance mode needs changeableForDays of at least 3 (the cooling-off period)', lock.changeableForDays);
  }
  if (lock.minRetentionDays !== undefined && lock.maxRetentionDays !== undefined && lock.minRetentionDays > lock.maxRetentionDays) {
    out.report([...path, 'lock', 'minRetentionDays'], 'vault-lock/range',
      `must not exceed maxRetentionDays (${lock.maxRetentionDays})`, lock.minRetentionDays);
  }
}

function checkAirGapped(vault: VaultConfig, path: (string | number)[], out: Findings): void {
  if (vault.type !== 'logically-air-gapped') {
    if (vault.retention) {
      out.report([...path, 'retention'], 'vault/retention-only-air-gapped', 'retention is for logically-air-gapped vaults; use lock here', vault.retention);
    }
    return;
  }
  for (const option of ['kms', 'lock'] as const) {
    if (vault[option] !== undefined) {
      out.report([...path, option], 'air-gapped/unsupported-option', `logically air-gapped vaults take no ${option} (AWS owns their key and lock)`, vault[option]);
    }
  }
  const retention = vault.retention;
  if (!retention) {
    out.report([...path, 'retention'], 'air-gapped/retention', 'logically air-gapped vaults need retention.minDays and retention.maxDays', undefined);
  } else {
    if (retention.minDays < 7) out.report([...path, 'retention', 'minDays'], 'air-gapped/retention', 'must be at least 7 days', retention.minDays);
    if (retention.minDays > retention.maxDays) {
      out.report([...path, 'retention', 'minDays'], 'air-gapped/retention', `must not exceed maxDays (${retention.maxDays})`, retention.minDays);
    }
  }
}

function checkKeys(env: EnvironmentFile, vault: VaultConfig, path: (string | number)[], out: Findings): void {
  const keys = vault.kms?.existingKeyArns;
  if (!keys) return;
  const regions = vaultRegions(env, vault);
  for (const region of regions) {
    if (!(region in keys)) out.report([...path, 'kms', 'existingKeyArns'], 'kms/key-missing', `no key given for vault region ${region}`, keys);
  }
  for (const [region, arn] of Object.entries(keys)) {
    const keyPath = [...path, 'kms', 'existingKeyArns', region];
    if (!regions.includes(region)) out.report(keyPath, 'kms/key-region', `the vault does not exist in ${region}`, arn);
    else if (arn.split(':')[3] !== region) out.report(keyPath, 'kms/key-region', `the key must be in ${region}`, arn);
    if (!arn.startsWith(`arn:${env.partition}:`)) out.report(keyPath, 'arn/partition', `ARN must start with "arn:${env.partition}:"`, arn);
  }
}

function checkAcceptCopies(vault: VaultConfig, path: (string | number)[], out: Findings): void {
  const accept = vault.acceptCopiesFrom;
  if (accept && (accept.environments ?? []).length === 0 && accept.organizationId === undefined) {
    out.report([...path, 'acceptCopiesFrom'], 'vault/accept-copies-source', 'name at least one environment or an organizationId', accept);
  }
}

/** Lock, air-gap, key and access settings of every vault. */
export function checkVaults(env: EnvironmentFile, out: Findings): void {
  (env.vaults ?? []).forEach((vault, v) => {
    const path = ['vaults', v];
    checkLock(vault, path, out);
    checkAirGapped(vault, path, out);
    checkKeys(env, vault, path, out);
    checkAcceptCopies(vault, path, out);
  });
}
