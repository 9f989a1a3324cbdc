import type { LifecycleModel } from '../../../config/model';

/*
 * Retention in words, the same way in the estate diagram and the retention calendar.
 */

/** `35 d`; whole years as `7 y` (2555 days is the usual "7 years"). */
export function days(n: number): string {
  return n >= 365 && n % 365 === 0 ? `${n / 365} y` : `${n} d`;
}

/** `35 d`, `cold after 90 d, 7 y`; undefined lifecycle: kept until someone deletes it. */
export function retentionShort(lifecycle: LifecycleModel | undefined): string {
  const parts: string[] = [];
  if (lifecycle?.moveToColdStorageAfterDays !== undefined) {
    parts.push(`${lifecycle.optInToArchiveForSupportedResources ? 'cold/archive' : 'cold'} after ${days(lifecycle.moveToColdStorageAfterDays)}`);
  }
  parts.push(lifecycle?.deleteAfterDays !== undefined ? days(lifecycle.deleteAfterDays) : 'never expires');
  return parts.join(', ');
}

/** `deleted after 35 d`, `cold after 90 d, deleted after 7 y (archive tier where supported)`. */
export function retentionLong(lifecycle: LifecycleModel | undefined): string {
  const parts: string[] = [];
  if (lifecycle?.moveToColdStorageAfterDays !== undefined) parts.push(`cold after ${days(lifecycle.moveToColdStorageAfterDays)}`);
  parts.push(lifecycle?.deleteAfterDays !== undefined ? `deleted after ${days(lifecycle.deleteAfterDays)}` : 'never deleted (no deleteAfterDays)');
  const text = parts.join(', ');
  return lifecycle?.optInToArchiveForSupportedResources ? `${text} (archive tier where supported)` : text;
}
