import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CommandError, runCommand } from '../lib/command-line';
import type { Generator } from '../lib/generator';
import { runFaultMatrix, type MachineMatrix } from '../lib/fault-matrix/matrix';
import { FAULT_MATRIX_DOC, renderFaultMatrix } from '../lib/fault-matrix/render';
import { parseGeneratorOptions } from '../lib/generator-options';

/**
 * `npm run faults [-- --check] [--json] [--out <dir>]`: drives every AWS error class through every Task state of the
 * three state machines (local executions, tools/lib/fault-matrix/) and writes docs/fault-matrix.md.
 * `--check` writes nothing and exits 1 when the committed file differs from what would be generated. `--json` prints
 * the summary as JSON. `--out` writes (or checks) below another folder instead of the project root. Progress goes to
 * stderr. Exit codes: 0 done / current, 1 stale file or a gap in the matrix, 2 bad arguments.
 */

export const PROJECT_ROOT = join(__dirname, '..', '..');

export type FileStatus = 'written' | 'unchanged' | 'stale' | 'current';

export interface FaultsSummary {
  /** The file is current (or written) and no row is a gap. */
  readonly ok: boolean;
  readonly check: boolean;
  readonly file: { readonly path: string; readonly status: FileStatus };
  readonly machines: readonly { machine: string; taskStates: number; rows: number; gaps: number }[];
  readonly gaps: readonly { machine: string; state: string; exception?: string; gaps: readonly string[] }[];
}

/** The document the matrix gives (runs the whole matrix). */
export async function faultMatrixDocument(onProgress?: (machine: string, done: number, total: number) => void): Promise<{ machines: MachineMatrix[]; content: string }> {
  const machines = await runFaultMatrix(onProgress);
  return { machines, content: renderFaultMatrix(machines) };
}

export interface FaultsOptions {
  /** Compare instead of writing. */
  readonly check: boolean;
  /** The folder docs/fault-matrix.md is written (or checked) below. */
  readonly out: string;
  readonly onProgress?: (machine: string, done: number, total: number) => void;
  /** The matrix, when the caller has run it already (it takes seconds). @default runs it */
  readonly machines?: MachineMatrix[];
}

/** Runs the matrix (unless given), then writes (or, with check, compares) docs/fault-matrix.md below `out`. */
export async function runFaults(options: FaultsOptions): Promise<FaultsSummary> {
  const { machines, content } = options.machines
    ? { machines: options.machines, content: renderFaultMatrix(options.machines) }
    : await faultMatrixDocument(options.onProgress);
  const target = join(options.out, FAULT_MATRIX_DOC);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  let status: FileStatus;
  if (options.check) status = current === content ? 'current' : 'stale';
  else if (current === content) status = 'unchanged';
  else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    status = 'written';
  }
  const gaps = machines.flatMap((m) => m.rows.filter((r) => r.gaps.length > 0)
    .map((r) => ({ machine: m.machine, state: r.state, ...(r.exception ? { exception: r.exception.name } : {}), gaps: r.gaps })));
  return {
    ok: status !== 'stale' && gaps.length === 0,
    check: options.check,
    file: { path: FAULT_MATRIX_DOC, status },
    machines: machines.map((m) => ({ machine: m.machine, taskStates: new Set(m.rows.map((r) => r.state)).size, rows: m.rows.length, gaps: m.rows.filter((r) => r.gaps.length > 0).length })),
    gaps,
  };
}

export function formatSummary(summary: FaultsSummary): string {
  const lines = [`${summary.file.path.padEnd(24)} ${summary.file.status}`, ''];
  for (const m of summary.machines) lines.push(`  ${m.machine}: ${m.taskStates} Task states, ${m.rows} rows, ${m.gaps} gap${m.gaps === 1 ? '' : 's'}`);
  for (const g of summary.gaps) lines.push(`  GAP ${g.machine} ${g.state} ${g.exception ?? ''}: ${g.gaps.join('; ')}`);
  if (summary.check) {
    lines.push('', summary.file.status === 'current' ? 'The fault matrix is current.' : `Stale (regenerate with \`npm run faults\`):\n  - ${summary.file.path}`);
  }
  return lines.join('\n');
}

/** A gap (an error class a Task state does not handle as the design says) fails the generator: it is the machine's bug. */
export const faultMatrixGenerator: Generator = {
  name: 'faults',
  derivedFrom: 'project',
  command: 'npm run faults',
  run: async ({ root, check, log }) => {
    const summary = await runFaults({ check, out: root, onProgress: (machine, done, total) => { if (done === total) log(`fault matrix: ${machine} ${done}/${total} rows`); } });
    if (summary.gaps.length > 0) throw new CommandError(formatSummary(summary));
    return [summary.file];
  },
};

const USAGE = 'usage: npm run faults [-- --check] [--json] [--out <dir>]';

async function main(argv: readonly string[]): Promise<number> {
  const options = parseGeneratorOptions(argv, PROJECT_ROOT, USAGE);
  const summary = await runFaults({
    ...options,
    onProgress: (machine, done, total) => {
      // One line per machine, rewritten in place on a terminal.
      if (done === total || process.stderr.isTTY) process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}${machine}: ${done}/${total} rows${done === total ? '\n' : ''}`);
    },
  });
  process.stdout.write(`${options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)}\n`);
  return summary.ok ? 0 : 1;
}

if (require.main === module) runCommand('faults', () => main(process.argv.slice(2)));
