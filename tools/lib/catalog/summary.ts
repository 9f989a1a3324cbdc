/**
 * What `npm run catalog` reports: entities per kind per environment, the template, and what happened to each file;
 * as a table for people or as JSON (`--json`) for machines. Pure.
 */
import type { FileReport } from './files';
import type { Catalog } from './generate';

export type CatalogMode = 'write' | 'check';

/** Kinds in the order the table shows them. */
export const ENTITY_KINDS = ['System', 'API', 'Component', 'Resource'] as const;

export interface CatalogSummary {
  readonly mode: CatalogMode;
  /** The output folder as given (relative to the working directory, or absolute). */
  readonly out: string;
  /** check mode: every file is current; write mode: always true. */
  readonly ok: boolean;
  readonly environments: readonly {
    readonly name: string;
    readonly file: string;
    readonly entities: Readonly<Record<string, number>>;
    readonly total: number;
  }[];
  /** The start-drill template: its file and the environments and drills it offers; null when none has a drill to start. */
  readonly template: { readonly file: string; readonly environments: readonly string[]; readonly drills: number } | null;
  readonly location: string;
  readonly files: readonly FileReport[];
  /** check mode: files that differ, are missing or should not be there. */
  readonly stale: readonly FileReport[];
}

const STALE = new Set(['differs', 'missing', 'extra']);

export function catalogSummary(catalog: Catalog, mode: CatalogMode, out: string, files: readonly FileReport[]): CatalogSummary {
  const stale = mode === 'check' ? files.filter((f) => STALE.has(f.status)) : [];
  return {
    mode,
    out,
    ok: stale.length === 0,
    environments: catalog.files.filter((f) => f.environment !== undefined).map((f) => {
      const entities: Record<string, number> = Object.fromEntries(ENTITY_KINDS.map((k) => [k, f.entities.filter((e) => e.kind === k).length]));
      return { name: f.environment as string, file: f.path, entities, total: f.entities.length };
    }),
    template: catalog.template ? { file: catalog.template.path, environments: catalog.template.environments, drills: catalog.template.drills } : null,
    location: catalog.files[catalog.files.length - 1].path,
    files,
    stale,
  };
}

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));

/** The table and a line per file that changed or is stale. */
export function formatSummary(summary: CatalogSummary): string {
  const header = ['environment', ...ENTITY_KINDS, 'total'];
  const rows = summary.environments.map((e) => [e.name, ...ENTITY_KINDS.map((k) => String(e.entities[k])), String(e.total)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const table = [header, ...rows].map((row) => row.map((cell, i) => pad(cell, widths[i], i > 0)).join('  ')).join('\n');
  const lines = [table];
  lines.push(summary.template
    ? `template ${summary.template.file}: ${summary.template.drills} drill${summary.template.drills === 1 ? '' : 's'} in ${summary.template.environments.join(', ')}`
    : 'template: none (no environment has a start endpoint with drills in its region)');
  lines.push(`location ${summary.location} lists ${summary.environments.length + (summary.template ? 1 : 0)} files`);
  const where = (file: FileReport) => `${summary.out.replace(/\/$/, '')}/${file.path}`;
  if (summary.mode === 'write') {
    const written = summary.files.filter((f) => f.status === 'written');
    lines.push(written.length > 0 ? `wrote ${written.map(where).join(', ')}` : `${summary.out} is up to date: nothing written`);
    const extra = summary.files.filter((f) => f.status === 'extra');
    if (extra.length > 0) lines.push(`not generated any more (remove them): ${extra.map(where).join(', ')}`);
  } else if (summary.ok) {
    lines.push(`${summary.out} is current (${summary.files.length} files)`);
  }
  return lines.join('\n');
}

/** The message of a failed `--check`: every stale file and why. */
export function formatStale(summary: CatalogSummary): string {
  const why = { differs: 'differs from what would be generated', missing: 'is missing', extra: 'is not generated any more' } as Record<string, string>;
  return `${summary.out} is stale: run \`npm run catalog\` and commit the result.\n` +
    summary.stale.map((f) => `  - ${summary.out.replace(/\/$/, '')}/${f.path} ${why[f.status]}`).join('\n');
}
