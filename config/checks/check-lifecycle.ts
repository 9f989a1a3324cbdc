import type { LifecycleConfig, RuleConfig } from '../schema';
import type { Findings } from './finding';

type Path = (string | number)[];

/** Cold storage needs 90 days before deletion; archive opt-in needs a cold storage date. */
export function checkLifecycle(lifecycle: LifecycleConfig | undefined, path: Path, out: Findings): void {
  if (!lifecycle) return;
  const { deleteAfterDays, moveToColdStorageAfterDays, optInToArchiveForSupportedResources } = lifecycle;
  if (moveToColdStorageAfterDays !== undefined && deleteAfterDays !== undefined && deleteAfterDays < moveToColdStorageAfterDays + 90) {
    out.report(
      [...path, 'deleteAfterDays'],
      'lifecycle/cold-storage-minimum',
      `must be at least moveToColdStorageAfterDays + 90 = ${moveToColdStorageAfterDays + 90} (recovery points stay 90 days in cold storage)`,
      deleteAfterDays,
    );
  }
  if (optInToArchiveForSupportedResources && moveToColdStorageAfterDays === undefined) {
    out.report(
      [...path, 'optInToArchiveForSupportedResources'],
      'lifecycle/archive-needs-cold-storage',
      'archive opt-in needs moveToColdStorageAfterDays (the day recovery points move to the archive tier)',
      optInToArchiveForSupportedResources,
    );
  }
}

/** Continuous backup keeps 1-35 days and never goes cold. */
export function checkContinuousBackup(rule: RuleConfig, path: Path, out: Findings): void {
  if (!rule.continuousBackup) return;
  const days = rule.lifecycle?.deleteAfterDays;
  if (days === undefined || days > 35) {
    out.report(
      [...path, 'lifecycle', 'deleteAfterDays'],
      'continuous/retention',
      'continuous backup (point-in-time recovery) needs deleteAfterDays between 1 and 35',
      days,
    );
  }
  if (rule.lifecycle?.moveToColdStorageAfterDays !== undefined) {
    out.report(
      [...path, 'lifecycle', 'moveToColdStorageAfterDays'],
      'continuous/no-cold-storage',
      'continuous backups cannot move to cold storage',
      rule.lifecycle.moveToColdStorageAfterDays,
    );
  }
}
