/*
 * What one benchmark part measures and how it is shown: a table for people (terminal and BENCHMARKS.md) and the
 * raw figures for machines (the JSON report).
 */

export type Cell = string | number;

/** Options every part receives from `npm run bench`. */
export interface BenchOptions {
  /** Smaller sizes, for a quick look or a smoke test (`--quick`). */
  readonly quick: boolean;
  /** Project root (where package.json is). */
  readonly root: string;
  /** A scratch folder this run owns; removed at the end. */
  readonly workDir: string;
  /** Progress lines go here (stderr), never to stdout. */
  readonly log: (line: string) => void;
}

export interface BenchSection {
  /** Stable key in the JSON report, e.g. `synthesis`. */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  /** Numbers are printed as given; round them where they are measured. */
  readonly rows: readonly (readonly Cell[])[];
  /** Sentences under the table: the verdict (linear or not, target met or not) and what was measured how. */
  readonly notes: readonly string[];
  /** Raw figures for the JSON report. */
  readonly data: unknown;
}

export type BenchPart = (options: BenchOptions) => Promise<BenchSection>;

function widthsOf(columns: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function renderTextTable(section: Pick<BenchSection, 'columns' | 'rows'>): string {
  const rows = section.rows.map((r) => r.map(String));
  const widths = widthsOf(section.columns, rows);
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(section.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A GitHub Markdown table with the same alignment. */
export function renderMarkdownTable(section: Pick<BenchSection, 'columns' | 'rows'>): string {
  const escape = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${section.columns.map(escape).join(' | ')} |`,
    `| ${section.columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...section.rows.map((r) => `| ${r.map((c) => escape(String(c))).join(' | ')} |`),
  ].join('\n');
}
