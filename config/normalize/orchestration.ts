import type { DrillModel, OrchestrationModel, RestoreTestingPlanModel } from '../model';
import type { EnvironmentFile } from '../schema';
import { backupVaultArn } from './backup-vault-arn';
import {
  DEFAULT_AUDIT_RETENTION_DAYS,
  DEFAULT_CALLBACK_TIMEOUT_HOURS,
  DEFAULT_COMPLETION_WINDOW_MINUTES,
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_RECOVERY_ATTEMPTS,
  DEFAULT_RECOVERY_BACKOFF_MINUTES,
  DEFAULT_RESTORE_TESTING,
  DEFAULT_SCHEDULE_TIMEZONE,
} from '../defaults';
import { maxJobDurationSeconds } from '../orchestration-limits';
import { onDemandRuleKey, orchestrationRegions, planRegions } from '../checks/environment-facts';

const sortedRecord = (record: Readonly<Record<string, string>> | undefined) =>
  Object.fromEntries(Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b)));

/** Every rule's completion window (minutes), defaults applied. */
function completionWindows(env: EnvironmentFile): number[] {
  return (env.plans ?? []).flatMap((plan) => plan.rules.map((rule) => rule.completionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW_MINUTES));
}

/** The orchestration model of one validated environment file, or undefined when the file turns it off. */
export function orchestrationModel(env: EnvironmentFile): OrchestrationModel | undefined {
  const regions = orchestrationRegions(env);
  if (regions.length === 0) return undefined;
  const config = env.orchestration ?? {};
  const defaultOnDemandRule: Record<string, { key: string; planName: string; ruleName: string }> = {};
  for (const region of regions) {
    const hasPlans = (env.plans ?? []).some((p) => planRegions(env, p).includes(region));
    const key = hasPlans ? onDemandRuleKey(env, region) : undefined;
    if (key) {
      const [planName, ruleName] = key.split('/');
      defaultOnDemandRule[region] = { key, planName, ruleName };
    }
  }
  const drills: DrillModel[] = (config.drills ?? []).map((drill) => ({
    name: drill.name,
    region: drill.region ?? env.regions.primary,
    schedule: drill.schedule.trim(),
    scheduleTimezone: drill.scheduleTimezone ?? DEFAULT_SCHEDULE_TIMEZONE,
    resourceArn: drill.resourceArn,
    resourceType: drill.resourceType,
    vaultName: drill.vault,
    restoreMetadataOverrides: sortedRecord(drill.restoreMetadataOverrides),
    targetRecoveryMinutes: drill.targetRecoveryMinutes,
    enabled: drill.enabled ?? true,
  }));
  const restoreTesting: RestoreTestingPlanModel[] = (config.restoreTesting ?? []).map((plan) => {
    const region = plan.region ?? env.regions.primary;
    return {
      name: plan.name,
      region,
      schedule: plan.schedule.trim(),
      scheduleTimezone: plan.scheduleTimezone ?? DEFAULT_SCHEDULE_TIMEZONE,
      startWindowHours: plan.startWindowHours ?? DEFAULT_RESTORE_TESTING.startWindowHours,
      algorithm: plan.algorithm ?? DEFAULT_RESTORE_TESTING.algorithm,
      includeVaultArns: [...new Set(plan.vaults)].sort().map((v) => backupVaultArn(env.partition, region, env.accountId, v)),
      recoveryPointTypes: [...new Set(plan.recoveryPointTypes ?? DEFAULT_RESTORE_TESTING.recoveryPointTypes)].sort(),
      selectionWindowDays: plan.selectionWindowDays ?? DEFAULT_RESTORE_TESTING.selectionWindowDays,
      selections: plan.selections.map((s) => {
        const tags = Object.entries(s.tags ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key: `aws:ResourceTag/${key}`, value }));
        return {
          name: s.name,
          resourceType: s.resourceType,
          resourceArns: s.resourceArns ? [...new Set(s.resourceArns)] : tags.length > 0 ? [] : ['*'],
          tags,
          validationWindowHours: s.validationWindowHours ?? DEFAULT_RESTORE_TESTING.validationWindowHours,
          restoreMetadataOverrides: sortedRecord(s.restoreMetadataOverrides),
        };
      }),
    };
  });
  return {
    regions,
    defaultOnDemandRule,
    callbackTimeoutSeconds: (config.callbackTimeoutHours ?? DEFAULT_CALLBACK_TIMEOUT_HOURS) * 3600,
    maxJobDurationSeconds: maxJobDurationSeconds(completionWindows(env)),
    auditRetentionDays: config.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
    logRetentionDays: config.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
    recovery: {
      enabled: config.recovery?.enabled ?? true,
      maxAttempts: config.recovery?.maxAttempts ?? DEFAULT_RECOVERY_ATTEMPTS,
      initialBackoffSeconds: (config.recovery?.initialBackoffMinutes ?? DEFAULT_RECOVERY_BACKOFF_MINUTES) * 60,
    },
    drills,
    restoreTesting,
  };
}
