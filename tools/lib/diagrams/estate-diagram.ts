import type { EnvironmentModel, LifecycleModel, VaultModel } from '../../../config/model';
import { retentionShort } from './lifecycle-text';
import { IdAllocator, label } from './mermaid';

/*
 * The estate as a Mermaid flowchart (left to right): one box per environment (its account), one node per vault and
 * region with its lock or air gap and the plans that back up into it, one arrow per copy target of every plan
 * rule, labelled `<plan>/<rule>: <kind> copy, <retention>`. Arrows that cross accounts are thick.
 * With `focus`, one environment's page: only its own box, and only the copies into or out of it (the other side's
 * vaults drawn as plain nodes).
 */

export type CopyKind = 'cross-account' | 'cross-region' | 'same-region';

export interface CopyFlow {
  readonly from: string;
  readonly to: string;
  readonly plan: string;
  readonly rule: string;
  readonly kind: CopyKind;
  readonly lifecycle?: LifecycleModel;
}

export interface EstateDiagram {
  readonly text: string;
  /** Mermaid ID of each vault node, by `vaultKey`. */
  readonly vaultIds: ReadonlyMap<string, string>;
  readonly flows: readonly CopyFlow[];
}

export const vaultKey = (environment: string, region: string, vault: string) => `${environment}/${region}/${vault}`;

/** Every copy a plan rule makes, from the rule's vault to the copy target. */
export function copyFlows(environments: readonly EnvironmentModel[]): CopyFlow[] {
  return environments.flatMap((env) => env.plans.flatMap((plan) => plan.rules.flatMap((rule) => rule.copies.map((copy): CopyFlow => ({
    from: vaultKey(env.name, plan.region, rule.vaultName),
    to: vaultKey(copy.destinationEnvironment, copy.destinationRegion, copy.destinationVaultName),
    plan: plan.name,
    rule: rule.name,
    kind: copy.destinationAccountId !== env.accountId ? 'cross-account' : copy.destinationRegion !== plan.region ? 'cross-region' : 'same-region',
    lifecycle: copy.lifecycle,
  })))));
}

function protection(vault: VaultModel): string {
  if (vault.airGapped) return `logically air-gapped${vault.retention ? `, keeps ${vault.retention.minDays}–${vault.retention.maxDays} d` : ''}`;
  const lock = vault.lock;
  if (!lock) return '';
  const range = lock.minRetentionDays !== undefined && lock.maxRetentionDays !== undefined ? ` ${lock.minRetentionDays}–${lock.maxRetentionDays} d`
    : lock.minRetentionDays !== undefined ? ` ≥ ${lock.minRetentionDays} d`
      : lock.maxRetentionDays !== undefined ? ` ≤ ${lock.maxRetentionDays} d` : '';
  return `${lock.mode} lock${range}`;
}

const KIND_TEXT: Record<CopyKind, string> = {
  'cross-account': 'cross-account copy',
  'cross-region': 'cross-region copy',
  'same-region': 'copy to another vault',
};

export function estateDiagram(environments: readonly EnvironmentModel[], focus?: string): EstateDiagram {
  const envIds = new IdAllocator('e');
  const vaultIds = new IdAllocator('v');
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  const classes: Record<string, string[]> = { airgapped: [], locked: [] };
  for (const env of environments) {
    if (env.vaults.length === 0 || (focus !== undefined && env.name !== focus)) continue;
    lines.push(`  subgraph ${envIds.id(env.name)}[${label(`${env.name} · ${env.accountId}`)}]`);
    for (const vault of env.vaults) {
      const key = vaultKey(env.name, vault.region, vault.name);
      const id = vaultIds.id(key);
      ids.set(key, id);
      const plans = env.plans
        .filter((p) => p.region === vault.region)
        .map((p) => ({ plan: p.name, rules: p.rules.filter((r) => r.vaultName === vault.name).map((r) => r.name) }))
        .filter((p) => p.rules.length > 0)
        .map((p) => `plan ${p.plan}: ${p.rules.join(', ')}`);
      lines.push(`    ${id}[${label(`${vault.region} · ${vault.name}`, protection(vault), ...plans)}]`);
      if (vault.airGapped) classes.airgapped.push(id);
      else if (vault.lock) classes.locked.push(id);
    }
    lines.push('  end');
  }
  const touchesFocus = (key: string) => key.startsWith(`${focus}/`);
  const flows = copyFlows(environments).filter((f) => focus === undefined || touchesFocus(f.from) || touchesFocus(f.to));
  for (const flow of flows) {
    for (const key of [flow.from, flow.to]) {
      // Validation makes every copy target a vault of a loaded environment; a partial estate (or a focused one) still draws.
      if (!ids.has(key)) {
        ids.set(key, vaultIds.id(key));
        lines.push(`  ${vaultIds.id(key)}[${label(key)}]`);
      }
    }
    const text = label(`${flow.plan}/${flow.rule}: ${KIND_TEXT[flow.kind]}, ${retentionShort(flow.lifecycle)}`);
    const arrow = flow.kind === 'cross-account' ? '==>' : '-->';
    lines.push(`  ${ids.get(flow.from)} ${arrow}|${text}| ${ids.get(flow.to)}`);
  }
  lines.push('  classDef airgapped fill:#fff3e0,stroke:#e65100,color:#111');
  lines.push('  classDef locked fill:#e8f0fe,stroke:#3b6bc4,color:#111');
  for (const [cls, members] of Object.entries(classes)) if (members.length > 0) lines.push(`  class ${members.join(',')} ${cls}`);
  return { text: lines.join('\n'), vaultIds: ids, flows };
}
