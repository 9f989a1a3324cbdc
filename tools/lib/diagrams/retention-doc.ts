import type { EnvironmentModel } from '../../../config/model';
import { days, retentionLong } from './lifecycle-text';
import { mermaidBlock } from './mermaid';
import { SIMULATION_START, vaultTotals, type PointCount, type Range, type RetentionRow, type SteadyState } from './retention-calendar';

/*
 * The retention calendar as Markdown: per environment and plan a table of rules and copies by month of the
 * first year and at steady state, then the steady state per vault, then one bar chart per environment.
 */

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Month labels of the simulated year, starting with the start month. */
function monthLabels(): string[] {
  const first = new Date(SIMULATION_START).getUTCMonth();
  return Array.from({ length: 12 }, (_, i) => MONTH_NAMES[(first + i) % 12]);
}

const range = (r: Range) => (r.min === r.max ? String(r.min) : `${r.min}–${r.max}`);

function countCell(count: PointCount): string {
  return count.cold > 0 ? `${count.total} (${count.cold} cold)` : String(count.total);
}

export function steadyText(steady: SteadyState): string {
  switch (steady.kind) {
    case 'range':
      return steady.cold.max > 0 ? `${range(steady.total)} (${range(steady.cold)} cold)` : range(steady.total);
    case 'growing':
      return `grows by ${steady.perYear} a year`;
    case 'continuous':
      return `1 continuous point${steady.windowDays !== undefined ? `: any moment of the last ${days(steady.windowDays)}` : ''}`;
  }
}

function scheduleText(row: RetentionRow): string {
  const zone = row.scheduleTimezone ? ` ${row.scheduleTimezone}` : ' UTC';
  return `\`${row.schedule}\`${zone}, ${row.counts.runsPerYear} runs a year`;
}

function retentionText(row: RetentionRow): string {
  if (row.kind === 'continuous') return `continuous backup, ${row.lifecycle?.deleteAfterDays !== undefined ? `${days(row.lifecycle.deleteAfterDays)} window` : 'no window set'}`;
  return retentionLong(row.lifecycle);
}

const where = (row: RetentionRow) => `${row.vault.environment} · ${row.vault.region} · ${row.vault.vault}`;

function planTable(rows: readonly RetentionRow[]): string[] {
  const labels = monthLabels();
  const header = ['rule', 'kind', 'vault', 'schedule', 'retention', ...labels, 'steady state'];
  const out = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    const cells = [
      row.kind === 'copy' ? `↳ ${row.rule}` : row.rule,
      row.kind,
      where(row),
      scheduleText(row),
      retentionText(row),
      ...row.counts.months.map(countCell),
      `**${steadyText(row.counts.steady)}**`,
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out;
}

function chart(env: EnvironmentModel, rows: readonly RetentionRow[]): string {
  const totals = monthLabels().map((_, m) => rows.reduce((sum, r) => sum + r.counts.months[m].total, 0));
  const top = Math.max(1, ...totals);
  const axisMax = Math.ceil((top * 1.1) / 10) * 10;
  return mermaidBlock([
    'xychart-beta',
    `  title "${env.name}: points of all its rules and copies, end of month"`,
    `  x-axis [${monthLabels().join(', ')}]`,
    `  y-axis "recovery points per resource" 0 --> ${axisMax}`,
    `  bar [${totals.join(', ')}]`,
  ].join('\n'));
}

export interface RetentionDoc {
  readonly markdown: string;
  readonly diagrams: number;
}

/** The body of docs/retention.md (after the generated-file header). */
export function retentionDoc(environments: readonly EnvironmentModel[], rows: readonly RetentionRow[]): RetentionDoc {
  const start = new Date(SIMULATION_START).toISOString().slice(0, 10);
  const out: string[] = [
    '# Retention calendar',
    '',
    'How many recovery points each backup rule keeps **per protected resource** (every resource a plan selects gets',
    `its own), simulated from the rule's cron schedule and lifecycle for a plan that starts on ${start}.`,
    '',
    '- Month columns: points alive at the end of each month of the first year; "cold" counts points moved to cold',
    '  storage (or to the archive tier, for resources that support it, when the rule opts in).',
    '- Steady state: the lowest and highest count once the oldest points expire, over a whole year (counts dip just',
    '  before a run and rise at it; months of different lengths make monthly counts vary).',
    '- Copies (`↳`) are counted from the time of the backup, with the copy target\'s lifecycle (the rule\'s when the',
    '  target sets none). Continuous backups are one continuous recovery point per resource, restorable to any',
    '  moment of their window; their copies are snapshots made by the schedule.',
    '- Not modelled: failed, skipped or late jobs, on-demand backups, and daylight-saving shifts (schedules run in',
    '  their time zone\'s wall-clock time, a run inside a skipped or repeated hour is counted once).',
  ];
  let diagrams = 0;
  for (const env of environments) {
    const envRows = rows.filter((r) => r.environment === env.name);
    if (envRows.length === 0) continue;
    out.push('', `## ${env.name} · ${env.accountId}`);
    const plans = [...new Set(envRows.map((r) => `${r.plan}\u0000${r.region}`))];
    for (const key of plans) {
      const [plan, region] = key.split('\u0000');
      out.push('', `### Plan ${plan} · ${region}`, '', ...planTable(envRows.filter((r) => r.plan === plan && r.region === region)));
    }
    out.push('', chart(env, envRows));
    diagrams++;
  }
  out.push(
    '',
    '## Per vault at steady state',
    '',
    'Recovery points per protected resource that each vault holds once every rule and copy kept there has reached',
    'its steady state (the sum of their ranges: lowest and highest need not coincide).',
    '',
    '| vault | kept there | points per resource |',
    '| --- | --- | --- |',
  );
  for (const total of vaultTotals(rows)) {
    const points = total.growing ? 'grows (a rule never expires)' : range(total.steady as Range);
    out.push(`| ${total.vault.environment} · ${total.vault.region} · ${total.vault.vault} | ${total.sources.join(', ')} | ${points} |`);
  }
  return { markdown: out.join('\n'), diagrams };
}
