import type { EnvironmentModel, LifecycleModel } from '../../../config/model';
import { parseCron, runTimes } from './cron-schedule';

/*
 * How many recovery points each backup rule keeps, per protected resource: a simulation of the rule's schedule
 * from the day the plan starts. A run creates a point (and each copy target one more) that stays warm until
 * moveToColdStorageAfterDays, then cold (or archive tier, with optInToArchiveForSupportedResources) until
 * deleteAfterDays: alive at T when created at t with t <= T < t + deleteAfterDays. Copies are assumed to arrive when
 * the backup runs; failed, skipped or late jobs and daylight-saving shifts are not modelled.
 */

/** The plan's first day: a fixed date, so the committed calendar does not change with the day it is generated. */
export const SIMULATION_START = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;
const MONTHS = 12;

export interface PointCount {
  readonly total: number;
  /** Of which in cold storage (or the archive tier). */
  readonly cold: number;
}

export interface Range {
  readonly min: number;
  readonly max: number;
}

export type SteadyState =
  /** Counts once every point of a year-long window was created after the plan started and could have expired. */
  | { readonly kind: 'range'; readonly total: Range; readonly cold: Range }
  /** No deleteAfterDays: nothing expires. */
  | { readonly kind: 'growing'; readonly perYear: number }
  | { readonly kind: 'continuous'; readonly windowDays?: number };

export interface RetentionCounts {
  /** Runs in the first year. */
  readonly runsPerYear: number;
  /** Alive at the end of each month of the first year (January first). */
  readonly months: readonly PointCount[];
  readonly steady: SteadyState;
}

/** Sorted run times -> how many are <= T, by binary search. */
function counter(runs: readonly number[]): (t: number) => number {
  return (t) => {
    let [lo, hi] = [0, runs.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Recovery points of one schedule and lifecycle over time (snapshot backups; see continuousCounts). */
export function retentionCounts(schedule: string, lifecycle: LifecycleModel | undefined, start = SIMULATION_START): RetentionCounts {
  const cron = parseCron(schedule);
  const deleteMs = lifecycle?.deleteAfterDays !== undefined ? lifecycle.deleteAfterDays * DAY_MS : undefined;
  const coldMs = lifecycle?.moveToColdStorageAfterDays !== undefined ? lifecycle.moveToColdStorageAfterDays * DAY_MS : undefined;
  const yearEnd = Date.UTC(new Date(start).getUTCFullYear() + 1, new Date(start).getUTCMonth(), new Date(start).getUTCDate());
  // The steady window starts when the first point could have expired and lasts a year (every weekday and month).
  const windowStart = start + (deleteMs ?? 0);
  const windowEnd = windowStart + 366 * DAY_MS;
  const runs = runTimes(cron, start, Math.max(yearEnd, windowEnd));
  const upTo = counter(runs);
  const at = (t: number): PointCount => {
    const created = upTo(t);
    const total = created - (deleteMs !== undefined ? upTo(t - deleteMs) : 0);
    const warm = coldMs !== undefined ? created - upTo(t - coldMs) : total;
    return { total, cold: Math.max(0, total - warm) };
  };
  const startDate = new Date(start);
  const months = Array.from({ length: MONTHS }, (_, m) => at(Date.UTC(startDate.getUTCFullYear(), startDate.getUTCMonth() + m + 1, 1) - 1));
  const runsPerYear = upTo(yearEnd - 1);
  if (deleteMs === undefined) return { runsPerYear, months, steady: { kind: 'growing', perYear: runsPerYear } };

  // Counts change only when a point is created or expires: just before and at each run covers every extreme.
  const samples = runs.filter((t) => t >= windowStart && t < windowEnd).flatMap((t) => [at(t - 1), at(t)]);
  if (samples.length === 0) samples.push(at(windowStart));
  const range = (values: number[]): Range => ({ min: Math.min(...values), max: Math.max(...values) });
  return {
    runsPerYear,
    months,
    steady: { kind: 'range', total: range(samples.map((s) => s.total)), cold: range(samples.map((s) => s.cold)) },
  };
}

/** A continuous backup is one recovery point per resource, restorable to any moment of its window. */
export function continuousCounts(schedule: string, lifecycle: LifecycleModel | undefined): RetentionCounts {
  const { runsPerYear } = retentionCounts(schedule, undefined);
  return {
    runsPerYear,
    months: Array.from({ length: MONTHS }, () => ({ total: 1, cold: 0 })),
    steady: { kind: 'continuous', windowDays: lifecycle?.deleteAfterDays },
  };
}

export interface VaultRef {
  readonly environment: string;
  readonly region: string;
  readonly vault: string;
}

export interface RetentionRow {
  readonly environment: string;
  readonly region: string;
  readonly plan: string;
  readonly rule: string;
  /** The rule's own points, or a copy's. */
  readonly kind: 'backup' | 'continuous' | 'copy';
  readonly vault: VaultRef;
  readonly schedule: string;
  readonly scheduleTimezone?: string;
  readonly lifecycle?: LifecycleModel;
  readonly counts: RetentionCounts;
}

/**
 * One row per rule and per copy target of every plan. Copies of a continuous rule are snapshots made by the
 * schedule, so they are counted like snapshot backups.
 */
export function retentionCalendar(environments: readonly EnvironmentModel[]): RetentionRow[] {
  const rows: RetentionRow[] = [];
  for (const env of environments) {
    for (const plan of env.plans) {
      for (const rule of plan.rules) {
        const base = { environment: env.name, region: plan.region, plan: plan.name, rule: rule.name, schedule: rule.schedule, scheduleTimezone: rule.scheduleTimezone };
        rows.push({
          ...base,
          kind: rule.continuousBackup ? 'continuous' : 'backup',
          vault: { environment: env.name, region: plan.region, vault: rule.vaultName },
          lifecycle: rule.lifecycle,
          counts: rule.continuousBackup ? continuousCounts(rule.schedule, rule.lifecycle) : retentionCounts(rule.schedule, rule.lifecycle),
        });
        for (const copy of rule.copies) {
          rows.push({
            ...base,
            kind: 'copy',
            vault: { environment: copy.destinationEnvironment, region: copy.destinationRegion, vault: copy.destinationVaultName },
            lifecycle: copy.lifecycle,
            counts: retentionCounts(rule.schedule, copy.lifecycle),
          });
        }
      }
    }
  }
  return rows;
}

export interface VaultTotal {
  readonly vault: VaultRef;
  /** `<env>/<plan>/<rule>` of every row kept there. */
  readonly sources: readonly string[];
  /** Sum of the rows' steady-state ranges; undefined when a row grows forever. */
  readonly steady?: Range;
  readonly growing: boolean;
}

/** Per vault: the steady-state points of every rule and copy kept there (per protected resource). */
export function vaultTotals(rows: readonly RetentionRow[]): VaultTotal[] {
  const byVault = new Map<string, { vault: VaultRef; rows: RetentionRow[] }>();
  for (const row of rows) {
    const key = `${row.vault.environment}/${row.vault.region}/${row.vault.vault}`;
    const entry = byVault.get(key) ?? { vault: row.vault, rows: [] };
    entry.rows.push(row);
    byVault.set(key, entry);
  }
  return [...byVault.values()].map(({ vault, rows: kept }) => {
    const growing = kept.some((r) => r.counts.steady.kind === 'growing');
    const part = (r: RetentionRow): Range => {
      const s = r.counts.steady;
      return s.kind === 'range' ? s.total : { min: 1, max: 1 };
    };
    return {
      vault,
      sources: kept.map((r) => `${r.environment}/${r.plan}/${r.rule}${r.kind === 'copy' ? ' (copy)' : ''}`),
      steady: growing ? undefined : kept.map(part).reduce((a, b) => ({ min: a.min + b.min, max: a.max + b.max })),
      growing,
    };
  });
}
