import type { EnvironmentFile } from '../schema';
import { checkContinuousBackup, checkLifecycle } from './check-lifecycle';
import { checkSchedule } from './check-schedule';
import { checkSelection } from './check-selections';
import { findVault, planRegions, retentionMisfit, vaultRetentionRange } from './environment-facts';
import type { Findings } from './finding';

/** Rules (schedule, lifecycle, vault) and selections of every plan, in every region the plan runs in. */
export function checkPlans(env: EnvironmentFile, out: Findings): void {
  (env.plans ?? []).forEach((plan, p) => {
    plan.rules.forEach((rule, r) => {
      const path = ['plans', p, 'rules', r];
      checkSchedule(rule, path, out);
      checkLifecycle(rule.lifecycle, [...path, 'lifecycle'], out);
      checkContinuousBackup(rule, path, out);
      (rule.copyTo ?? []).forEach((copy, c) => checkLifecycle(copy.lifecycle, [...path, 'copyTo', c, 'lifecycle'], out));
      for (const region of planRegions(env, plan)) {
        const vault = findVault(env, rule.vault, region);
        if (!vault) {
          out.report([...path, 'vault'], 'vault/unknown-rule-vault', `no vault "${rule.vault}" in ${region}, where plan "${plan.name}" runs`, rule.vault);
          continue;
        }
        if (vault.type === 'logically-air-gapped') {
          out.report([...path, 'vault'], 'air-gapped/not-plan-target', 'a rule cannot back up into a logically air-gapped vault; copy into it with copyTo', rule.vault);
          continue;
        }
        const range = vaultRetentionRange(vault);
        const misfit = range && retentionMisfit(rule.lifecycle?.deleteAfterDays, range);
        if (misfit) {
          out.report([...path, 'lifecycle', 'deleteAfterDays'], 'retention/vault-lock', `vault "${vault.name}" in ${region}: the rule ${misfit}`, rule.lifecycle?.deleteAfterDays);
        }
      }
    });
    plan.selections.forEach((selection, s) => checkSelection(selection, env.partition, ['plans', p, 'selections', s], out));
  });
}
