import type { BackupPlanRule } from '@cdktf/provider-aws/lib/backup-plan';
import { DEFAULT_COMPLETION_WINDOW_MINUTES, DEFAULT_SCHEDULE_TIMEZONE, DEFAULT_START_WINDOW_MINUTES } from '../../config/defaults';
import type { LifecycleModel } from '../../config/model';

/** Retention of recovery points: the shape an environment file declares (config/schema: Lifecycle, fields documented there). */
export type BackupLifecycleProps = LifecycleModel;

export interface BackupCopyProps {
  /** Destination vault ARN (built from partition, region, account and vault name). */
  readonly destinationVaultArn: string;
  /** Retention of the copies. @default the rule's lifecycle */
  readonly lifecycle?: BackupLifecycleProps;
}

export interface BackupRuleProps {
  readonly name: string;
  /** Name of the target vault in the plan's region. */
  readonly vaultName: string;
  /** 6-field AWS cron expression. */
  readonly schedule: string;
  /** IANA time zone of the schedule. @default DEFAULT_SCHEDULE_TIMEZONE (Etc/UTC) */
  readonly scheduleTimezone?: string;
  /** @default DEFAULT_START_WINDOW_MINUTES (60) */
  readonly startWindowMinutes?: number;
  /** @default DEFAULT_COMPLETION_WINDOW_MINUTES (10080: 7 days) */
  readonly completionWindowMinutes?: number;
  readonly lifecycle?: BackupLifecycleProps;
  /** @default false */
  readonly continuousBackup?: boolean;
  /** @default none */
  readonly recoveryPointTags?: Readonly<Record<string, string>>;
  /** @default none */
  readonly copies?: readonly BackupCopyProps[];
}

/** Presets in the spirit of aws-cdk-lib's BackupPlanRule.daily() / monthly7Year(). */
export class BackupRulePresets {
  /** Every day at 05:00 UTC, kept 35 days. */
  static daily(vaultName: string, name = 'daily'): BackupRuleProps {
    return { name, vaultName, schedule: 'cron(0 5 * * ? *)', lifecycle: { deleteAfterDays: 35 } };
  }
  /** Every Saturday at 05:00 UTC, kept 90 days. */
  static weekly(vaultName: string, name = 'weekly'): BackupRuleProps {
    return { name, vaultName, schedule: 'cron(0 5 ? * SAT *)', lifecycle: { deleteAfterDays: 90 } };
  }
  /** The first of each month at 05:00 UTC, cold after 30 days, kept 1 year. */
  static monthly1Year(vaultName: string, name = 'monthly-1y'): BackupRuleProps {
    return { name, vaultName, schedule: 'cron(0 5 1 * ? *)', lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 365 } };
  }
  /** The first of each month at 05:00 UTC, cold after 90 days, kept 7 years. */
  static monthly7Year(vaultName: string, name = 'monthly-7y'): BackupRuleProps {
    return { name, vaultName, schedule: 'cron(0 5 1 * ? *)', lifecycle: { moveToColdStorageAfterDays: 90, deleteAfterDays: 7 * 365 } };
  }
}

function lifecycleBlock(lifecycle: BackupLifecycleProps | undefined) {
  if (!lifecycle) return undefined;
  return {
    deleteAfter: lifecycle.deleteAfterDays,
    coldStorageAfter: lifecycle.moveToColdStorageAfterDays,
    optInToArchiveForSupportedResources: lifecycle.optInToArchiveForSupportedResources,
  };
}

/** Rejects rule props that AWS would reject at apply, stating the rule and the value. */
export function assertValidRule(rule: BackupRuleProps): void {
  const lc = rule.lifecycle;
  if (lc?.moveToColdStorageAfterDays !== undefined && lc.deleteAfterDays !== undefined && lc.deleteAfterDays < lc.moveToColdStorageAfterDays + 90) {
    throw new Error(`Backup rule ${rule.name}: deleteAfterDays must be at least moveToColdStorageAfterDays + 90; got ${lc.deleteAfterDays}`);
  }
  if ((rule.startWindowMinutes ?? DEFAULT_START_WINDOW_MINUTES) < 60) {
    throw new Error(`Backup rule ${rule.name}: startWindowMinutes must be at least 60; got ${rule.startWindowMinutes}`);
  }
  if (rule.continuousBackup && (lc?.deleteAfterDays === undefined || lc.deleteAfterDays > 35)) {
    throw new Error(`Backup rule ${rule.name}: continuous backup keeps 1-35 days; got ${lc?.deleteAfterDays}`);
  }
}

/**
 * The provider block for one rule, every optional field rendered explicitly (defaults included) so the plan
 * Terraform computes equals what AWS returns and the plan does not drift.
 */
export function toPlanRule(rule: BackupRuleProps, targetVaultName: string): BackupPlanRule {
  assertValidRule(rule);
  return {
    ruleName: rule.name,
    targetVaultName,
    schedule: rule.schedule,
    // The provider's documented default; rendered so config and state always hold the same value.
    scheduleExpressionTimezone: rule.scheduleTimezone ?? DEFAULT_SCHEDULE_TIMEZONE,
    startWindow: rule.startWindowMinutes ?? DEFAULT_START_WINDOW_MINUTES,
    completionWindow: rule.completionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW_MINUTES,
    enableContinuousBackup: rule.continuousBackup ?? false,
    recoveryPointTags: rule.recoveryPointTags && Object.keys(rule.recoveryPointTags).length > 0 ? { ...rule.recoveryPointTags } : undefined,
    lifecycle: lifecycleBlock(rule.lifecycle),
    copyAction: (rule.copies ?? []).map((copy) => ({
      destinationVaultArn: copy.destinationVaultArn,
      lifecycle: lifecycleBlock(copy.lifecycle ?? rule.lifecycle),
    })),
  };
}
