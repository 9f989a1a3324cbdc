/**
 * AWS Backup schedules: `cron(minutes hours day-of-month month day-of-week year)`. No cron library parses
 * this 6-field AWS dialect (with ?, L, W and #) and also tells the distance between runs, so the small
 * parser here does both: it validates each field and expands minutes and hours to find the shortest gap.
 */
const FIELD_PATTERNS: readonly [name: string, pattern: RegExp][] = [
  ['minutes', /^(\*|\d{1,2}(-\d{1,2})?)(\/\d{1,2})?(,(\*|\d{1,2}(-\d{1,2})?)(\/\d{1,2})?)*$/],
  ['hours', /^(\*|\d{1,2}(-\d{1,2})?)(\/\d{1,2})?(,(\*|\d{1,2}(-\d{1,2})?)(\/\d{1,2})?)*$/],
  ['day-of-month', /^(\?|L|LW|\d{1,2}W|(\*|\d{1,2}(-\d{1,2})?)(\/\d{1,2})?(,\d{1,2}(-\d{1,2})?)*)$/],
  ['month', /^((\*|\d{1,2}(-\d{1,2})?|[A-Z]{3}(-[A-Z]{3})?)(\/\d{1,2})?)(,(\d{1,2}(-\d{1,2})?|[A-Z]{3}(-[A-Z]{3})?))*$/i],
  ['day-of-week', /^(\?|\d(L|#[1-5])?|[A-Z]{3}(L|#[1-5])?|((\*|\d(-\d)?|[A-Z]{3}(-[A-Z]{3})?)(\/\d)?)(,(\d(-\d)?|[A-Z]{3}(-[A-Z]{3})?))*)$/i],
  ['year', /^(\*|\d{4}(-\d{4})?)(\/\d{1,3})?(,\d{4}(-\d{4})?)*$/],
];

/** The names AWS cron expressions accept in the month and day-of-week fields (EventBridge "Cron expressions" reference). */
const NAMES: Readonly<Record<number, { readonly field: string; readonly names: readonly string[] }>> = {
  3: { field: 'month', names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  4: { field: 'day-of-week', names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
};

export interface CronAnalysis {
  /** Problems with the expression itself; empty when it is well formed. */
  readonly errors: string[];
  /** Shortest distance between two runs within a day, in minutes (undefined when it runs once a day or less). */
  readonly minimumGapMinutes?: number;
}

function expand(field: string, max: number): number[] | undefined {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from: number;
    let to: number;
    if (range === '*') {
      from = 0;
      to = max;
    } else if (range.includes('-')) {
      [from, to] = range.split('-').map(Number);
    } else {
      from = Number(range);
      to = stepText === undefined ? from : max;
    }
    if (!(step >= 1) || from > to || to > max) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** Validates an AWS cron schedule and measures the shortest gap between runs on one day. */
export function analyseCron(expression: string): CronAnalysis {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match) return { errors: ['must be written cron(<6 fields>)'] };
  const fields = match[1].trim().split(/\s+/);
  if (fields.length !== 6) return { errors: [`must have 6 fields (minutes hours day-of-month month day-of-week year), found ${fields.length}`] };
  const errors: string[] = [];
  FIELD_PATTERNS.forEach(([name, pattern], i) => {
    if (!pattern.test(fields[i])) errors.push(`the ${name} field "${fields[i]}" is not valid`);
  });
  for (const [index, { field, names }] of Object.entries(NAMES)) {
    for (const name of fields[Number(index)].match(/[A-Z]{3}/gi) ?? []) {
      if (!names.includes(name.toUpperCase())) errors.push(`the ${field} field "${fields[Number(index)]}" names "${name}", which is not one of ${names.join(', ')}`);
    }
  }
  const ranges: readonly [index: number, name: string, min: number, max: number][] = [
    [2, 'day-of-month', 1, 31], [3, 'month', 1, 12], [4, 'day-of-week', 1, 7], [5, 'year', 1970, 2199],
  ];
  for (const [index, name, min, max] of ranges) {
    // Values are the numbers before any "/" step or "#" ordinal; names (JAN, MON) and L/W markers are not numbers.
    const values = fields[index].split(',').flatMap((part) => part.split('/')[0].split('#')[0].split('-')).map((v) => v.replace(/[LW]/g, ''));
    for (const v of values) {
      if (/^\d+$/.test(v) && (Number(v) < min || Number(v) > max)) errors.push(`the ${name} field "${fields[index]}" is out of range (${min}-${max})`);
    }
  }
  const [dayOfMonth, , dayOfWeek] = [fields[2], fields[3], fields[4]];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) errors.push('exactly one of day-of-month and day-of-week must be "?"');
  if (errors.length > 0) return { errors };
  const minutes = expand(fields[0], 59);
  const hours = expand(fields[1], 23);
  if (!minutes) return { errors: [`the minutes field "${fields[0]}" is out of range (0-59)`] };
  if (!hours) return { errors: [`the hours field "${fields[1]}" is out of range (0-23)`] };
  const runs = hours.flatMap((h) => minutes.map((m) => h * 60 + m));
  if (runs.length < 2) return { errors: [] };
  let gap = runs[0] + 24 * 60 - runs[runs.length - 1];
  for (let i = 1; i < runs.length; i++) gap = Math.min(gap, runs[i] - runs[i - 1]);
  return { errors: [], minimumGapMinutes: gap };
}
