import type { OrchestrationResources } from './definition-props';
import type { JsonObject, State } from './asl-types';

// ---------------------------------------------------------------------------------------------------------------
// Clock: epoch seconds for DynamoDB TTLs, computed in JSONPath.
//
// JSONPath has no date functions and States.MathAdd only adds 32-bit integers, so epoch seconds (which leave the
// 32-bit range in 2038) cannot be summed directly. The machine therefore works in kiloseconds (1000 s units, about
// 1.8 million today, far from the limit): `$$.Execution.StartTime` (ISO 8601, UTC) is split into year, month and
// day; embedded tables give the kiloseconds at the start of each year (2024 to 2199), of each month (leap and common
// years) and of each day of a month; their sum plus the TTL in kiloseconds is rendered as `<k>000` with
// States.Format, the string DynamoDB's `N` type expects. Sums of floored parts can be up to 3 units early, so the
// TTLs get 3 units (50 minutes) more: an item never expires before its retention; time of day is ignored, so it
// may outlive it by up to a day. Out-of-table years (before 2024 or after 2199) would fail the execution.
// ---------------------------------------------------------------------------------------------------------------

const FIRST_YEAR = 2024;
const LAST_YEAR = 2199;
const KS_PER_DAY = 86.4;
const CLOCK_MARGIN_KS = 3;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const ks = (epochMs: number) => Math.floor(epochMs / 1_000_000);

function clockTables(): JsonObject {
  const years: number[] = [];
  const leap: number[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    years.push(ks(Date.UTC(y, 0, 1)));
    leap.push(isLeap(y) ? 1 : 0);
  }
  // Days before each month in a common year (2023) and a leap year (2024).
  const monthOffsets = [2023, 2024].map((y) => Array.from({ length: 12 }, (_, m) => ks(Date.UTC(y, m, 1) - Date.UTC(y, 0, 1))));
  const dayOffsets = Array.from({ length: 31 }, (_, d) => Math.floor(d * KS_PER_DAY));
  return { yearStartKs: years, leapYears: leap, monthOffsetKs: monthOffsets, dayOffsetKs: dayOffsets };
}

/** Kiloseconds (rounded up, plus the margin above) of a duration in seconds. */
export function durationKs(seconds: number): number {
  return Math.ceil(seconds / 1000) + CLOCK_MARGIN_KS;
}

export const CLOCK_STATES = { read: 'ReadClock', compute: 'ComputeExpiry' } as const;

/**
 * Two Pass states that leave `$.clock = { startKs, auditExpiresAt, tokenExpiresAt }` (the two TTLs as strings of
 * epoch seconds): audit records expire `auditRetentionDays` after the execution started, task-token items
 * `tokenLifetimeSeconds` after it (give the machine's own timeout plus a margin).
 */
export function clockStates(props: OrchestrationResources, tokenLifetimeSeconds: number, next: string): Record<string, State> {
  const time = '$$.Execution.StartTime';
  const part = (sep: string, i: number, of = time) => `States.ArrayGetItem(States.StringSplit(${of}, '${sep}'), ${i})`;
  const startKs =
    'States.MathAdd(States.MathAdd(' +
    'States.ArrayGetItem($.clock.yearStartKs, $.clock.yearIndex), ' +
    'States.ArrayGetItem(States.ArrayGetItem($.clock.monthOffsetKs, States.ArrayGetItem($.clock.leapYears, $.clock.yearIndex)), $.clock.monthIndex)), ' +
    'States.ArrayGetItem($.clock.dayOffsetKs, $.clock.dayIndex))';
  const expiry = (seconds: number) => `States.Format('{}000', States.MathAdd(${startKs}, ${durationKs(seconds)}))`;
  return {
    [CLOCK_STATES.read]: {
      Type: 'Pass',
      Comment: 'Splits the execution start time into table indexes (month and day go through "1MM" - 101: "08" is no JSON number).',
      Parameters: {
        'yearIndex.$': `States.MathAdd(States.StringToJson(${part('-', 0)}), -${FIRST_YEAR})`,
        'monthIndex.$': `States.MathAdd(States.StringToJson(States.Format('1{}', ${part('-', 1)})), -101)`,
        'dayIndex.$': `States.MathAdd(States.StringToJson(States.Format('1{}', ${part('-', 2, part('T', 0))})), -101)`,
        ...clockTables(),
      },
      ResultPath: '$.clock',
      Next: CLOCK_STATES.compute,
    },
    [CLOCK_STATES.compute]: {
      Type: 'Pass',
      Comment: 'Epoch-second TTLs (strings, for DynamoDB N) of the audit record and the task-token items.',
      Parameters: {
        'startKs.$': startKs,
        'auditExpiresAt.$': expiry(props.auditRetentionDays * 86400),
        'tokenExpiresAt.$': expiry(tokenLifetimeSeconds),
      },
      ResultPath: '$.clock',
      Next: next,
    },
  };
}
