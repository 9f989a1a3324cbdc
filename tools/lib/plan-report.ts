/**
 * What `npm run plan` found, as data (`--json`) and as Markdown (`--markdown`, pull-request comments). Pure: the
 * CLI, the GitHub comment script and the tests share these functions.
 */

/** One stack's outcome. Counts are absent when the plan failed. */
export interface StackPlanReport {
  readonly environment: string;
  readonly status: 'planned' | 'failed';
  readonly seconds: number;
  readonly add?: number;
  readonly change?: number;
  readonly destroy?: number;
  /** Managed resources the stack holds once applied. */
  readonly resourceCount?: number;
  readonly resourceTypes?: Readonly<Record<string, number>>;
  /** `terraform show -no-color` of the plan, when it was rendered. */
  readonly planText?: string;
  /** Terraform's (or synthesis') error output. */
  readonly error?: string;
}

/** The whole run, as `npm run plan -- --json` prints it. */
export interface PlanReport {
  readonly version: 1;
  readonly mode: 'offline' | 'online';
  readonly terraformVersion: string;
  readonly seconds: number;
  readonly stacks: readonly StackPlanReport[];
  readonly totals: { readonly planned: number; readonly failed: number; readonly add: number; readonly change: number; readonly destroy: number };
}

export function totalsOf(stacks: readonly StackPlanReport[]): PlanReport['totals'] {
  const sum = (key: 'add' | 'change' | 'destroy') => stacks.reduce((n, s) => n + (s[key] ?? 0), 0);
  return {
    planned: stacks.filter((s) => s.status === 'planned').length,
    failed: stacks.filter((s) => s.status === 'failed').length,
    add: sum('add'),
    change: sum('change'),
    destroy: sum('destroy'),
  };
}

/** "202 to add, 0 to change, 0 to destroy", or "no changes". */
export function changeLine(stack: StackPlanReport): string {
  if (stack.status === 'failed') return 'plan failed';
  if (!stack.add && !stack.change && !stack.destroy) return 'no changes';
  return `${stack.add} to add, ${stack.change} to change, ${stack.destroy} to destroy`;
}

/** A code fence longer than any backtick run in `text`, so plan output can never close it early. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

/** Keeps the first `maxChars` of `text` on a line boundary and says how much was left out. */
export function truncateText(text: string, maxChars: number, whereFull: string): string {
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf('\n', maxChars);
  const kept = text.slice(0, cut > 0 ? cut : maxChars);
  const omitted = text.slice(kept.length).split('\n').filter((l) => l.length > 0).length;
  return `${kept}\n... ${omitted} more lines not shown: the full plan is in ${whereFull}`;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const STATUS = { planned: '✅ planned', failed: '❌ failed' } as const;

export interface MarkdownOptions {
  /** Environments not planned, with the reason (e.g. no CI plan role), listed under the table. */
  readonly skipped?: readonly { readonly environment: string; readonly reason: string }[];
  /** Characters the whole document may take; plan texts are shortened to fit. @default 60000 (GitHub allows 65536) */
  readonly maxChars?: number;
  /** Where readers find the untruncated plans, e.g. the workflow run. @default "the plan artifacts" */
  readonly fullPlanLocation?: string;
  /** A heading line. @default "### Terraform plan" */
  readonly heading?: string;
  /** Lines appended at the end (a run link, the commit). */
  readonly footer?: readonly string[];
}

/**
 * A per-environment summary table, then each environment's full plan (or error) folded in `<details>`. The table
 * and errors are always kept whole; plan texts share what is left of `maxChars`.
 */
export function renderPlanMarkdown(stacks: readonly StackPlanReport[], options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? 60000;
  const where = options.fullPlanLocation ?? 'the plan artifacts';
  const head: string[] = [options.heading ?? '### Terraform plan', ''];
  head.push('| environment | result | to add | to change | to destroy | resources after apply |', '| --- | --- | ---: | ---: | ---: | ---: |');
  for (const s of stacks) {
    const counts = s.status === 'planned' ? [s.add, s.change, s.destroy, s.resourceCount].map((n) => String(n ?? '')) : ['', '', '', ''];
    head.push(`| ${escapeCell(s.environment)} | ${STATUS[s.status]} | ${counts.join(' | ')} |`);
  }
  for (const skip of options.skipped ?? []) head.push(`| ${escapeCell(skip.environment)} | ⏭️ not planned: ${escapeCell(skip.reason)} | | | | |`);
  const totals = totalsOf(stacks);
  head.push('', `**${totals.planned} planned, ${totals.failed} failed**: ${totals.add} to add, ${totals.change} to change, ${totals.destroy} to destroy.`, '');

  const errors = stacks
    .filter((s) => s.status === 'failed')
    .map((s) => `<details open><summary>❌ ${s.environment}: plan failed</summary>\n\n${fenced(s.error ?? 'no error output', 'text')}\n\n</details>`);
  const footer = options.footer && options.footer.length > 0 ? ['', ...options.footer] : [];
  const fixed = [...head, ...errors].join('\n').length + footer.join('\n').length;
  const withText = stacks.filter((s) => s.status === 'planned' && s.planText !== undefined);
  // Each folded plan costs its wrapper too; what is left is shared equally.
  const wrapper = 200;
  const share = Math.max(0, Math.floor((maxChars - fixed) / Math.max(1, withText.length)) - wrapper);
  const plans = withText.map((s) => {
    const text = truncateText(s.planText as string, share, where);
    return `<details><summary>${s.environment}: ${changeLine(s)}</summary>\n\n${fenced(text, 'text')}\n\n</details>`;
  });
  return [...head, ...errors, ...plans, ...footer].join('\n') + '\n';
}

/** One line per stack and the totals, for a terminal. */
export function renderPlanTable(stacks: readonly StackPlanReport[]): string {
  const header = ['Stack', 'To add', 'To change', 'To destroy', 'Resources', 'Seconds'];
  const rows = stacks.map((s) => [
    s.environment,
    ...(s.status === 'planned' ? [s.add, s.change, s.destroy, s.resourceCount].map((n) => String(n ?? '')) : ['FAILED', '', '', '']),
    s.seconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const t = totalsOf(stacks);
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    `${stacks.length} stack${stacks.length === 1 ? '' : 's'}: ${t.planned} planned, ${t.failed} failed; ${t.add} to add, ${t.change} to change, ${t.destroy} to destroy.`,
  ].join('\n');
}
