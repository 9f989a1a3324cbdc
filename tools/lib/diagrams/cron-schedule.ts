import { analyseCron } from '../../../config/checks/cron';

/*
 * When an AWS cron schedule fires. config/checks/cron.ts validates the 6-field dialect and measures gaps within a
 * day but does not enumerate runs; this evaluates every field (lists, ranges, steps, names, ?, L, LW, nW, n#k,
 * nL) to list the run times between two instants. Times are wall-clock times of the schedule's time zone written
 * as UTC milliseconds: daylight-saving shifts are ignored, which moves a run by an hour but never adds or drops
 * one, except a run inside the skipped or repeated hour.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const DAY_MS = 86_400_000;

function valueOf(text: string, names: readonly string[] | undefined, offset: number): number {
  const index = names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + offset;
  if (!/^\d+$/.test(text)) throw new Error(`"${text}" is not a number${names ? ' or name' : ''}`);
  return Number(text);
}

/** Values of a list of `*`, `a`, `a-b`, each optionally `/step`. */
function valueSet(field: string, min: number, max: number, names?: readonly string[]): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let [from, to] = [min, max];
    if (range !== '*') {
      const [a, b] = range.split('-');
      from = valueOf(a, names, min);
      to = b !== undefined ? valueOf(b, names, min) : stepText !== undefined ? max : from;
    }
    if (!(step >= 1) || from < min || to > max || from > to) throw new Error(`"${part}" is out of range ${min}-${max}`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 = Sunday ... 7 = Saturday, as AWS cron counts. */
const weekdayOf = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

/** The weekday (Mon-Fri) nearest to `day`, without leaving the month. */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const weekday = weekdayOf(year, month, target);
  if (weekday === 7) return target === 1 ? 3 : target - 1;
  if (weekday === 1) return target === last ? target - 2 : target + 1;
  return target;
}

type DayTest = (year: number, month: number, day: number) => boolean;

function dayOfMonthTest(field: string): DayTest | undefined {
  if (field === '?') return undefined;
  if (field === 'L') return (y, m, d) => d === daysInMonth(y, m);
  if (field === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysInMonth(y, m));
  const nearest = /^(\d{1,2})W$/.exec(field);
  if (nearest) return (y, m, d) => d === nearestWeekday(y, m, Number(nearest[1]));
  const days = valueSet(field, 1, 31);
  return (_y, _m, d) => days.has(d);
}

function dayOfWeekTest(field: string): DayTest | undefined {
  if (field === '?') return undefined;
  const weekday = (text: string) => valueOf(text, WEEKDAYS, 1);
  if (field === 'L') return (y, m, d) => weekdayOf(y, m, d) === 7;
  const last = /^(\w{1,3})L$/.exec(field);
  if (last) return (y, m, d) => weekdayOf(y, m, d) === weekday(last[1]) && d + 7 > daysInMonth(y, m);
  const nth = /^(\w{1,3})#([1-5])$/.exec(field);
  if (nth) return (y, m, d) => weekdayOf(y, m, d) === weekday(nth[1]) && Math.ceil(d / 7) === Number(nth[2]);
  const days = valueSet(field, 1, 7, WEEKDAYS);
  return (y, m, d) => days.has(weekdayOf(y, m, d));
}

export interface CronSchedule {
  /** Minutes after midnight of each run on a day it runs, ascending. */
  readonly minutesOfDay: readonly number[];
  runsOn(year: number, month: number, day: number): boolean;
}

/** Parses `cron(minutes hours day-of-month month day-of-week year)`; throws with the reason when it is not valid. */
export function parseCron(expression: string): CronSchedule {
  const { errors } = analyseCron(expression);
  if (errors.length > 0) throw new Error(`${expression}: ${errors.join('; ')}`);
  const fields = (/^cron\((.*)\)$/.exec(expression.trim()) as RegExpExecArray)[1].trim().split(/\s+/);
  const [minutes, hours] = [valueSet(fields[0], 0, 59), valueSet(fields[1], 0, 23)];
  const months = valueSet(fields[3], 1, 12, MONTHS);
  const years = valueSet(fields[5], 1970, 2199);
  const dayTest = (dayOfMonthTest(fields[2]) ?? dayOfWeekTest(fields[4])) as DayTest;
  return {
    minutesOfDay: [...hours].sort((a, b) => a - b).flatMap((h) => [...minutes].sort((a, b) => a - b).map((m) => h * 60 + m)),
    runsOn: (y, m, d) => years.has(y) && months.has(m) && dayTest(y, m, d),
  };
}

/** Every run in [from, to), ascending (wall-clock milliseconds, see above). */
export function runTimes(schedule: CronSchedule, from: number, to: number): number[] {
  const runs: number[] = [];
  for (let dayStart = Math.floor(from / DAY_MS) * DAY_MS; dayStart < to; dayStart += DAY_MS) {
    const date = new Date(dayStart);
    if (!schedule.runsOn(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())) continue;
    for (const minute of schedule.minutesOfDay) {
      const t = dayStart + minute * 60_000;
      if (t >= from && t < to) runs.push(t);
    }
  }
  return runs;
}
