import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadEnvironments } from '../../config/load';
import { runCommand } from '../lib/command-line';
import type { Generator } from '../lib/generator';
import { diagramDocs, type DiagramDocs } from '../lib/diagrams/documents';
import { ENVIRONMENT_DOCS_DIR } from '../lib/diagrams/environment-doc';
import { steadyText } from '../lib/diagrams/retention-doc';
import { parseGeneratorOptions } from '../lib/generator-options';
import { defaultEnvironmentsDir } from '../../config/environment-files';

/**
 * `npm run diagrams [-- --check] [--json] [--out <dir>]`: writes docs/state-machines.md, docs/estate.md,
 * docs/retention.md and one docs/environments/<name>.md per environment from the environment files
 * (`BACKUP_ENVIRONMENTS_DIR`, default: environments, like main.ts); a page of an environment that is gone is removed.
 * `--check` writes nothing and exits 1 listing the files that differ from what would be generated. `--json` prints
 * the summary as JSON. `--out` writes (or checks) below another folder instead of the project root.
 * Exit codes: 0 done / current, 1 stale files or an invalid configuration, 2 bad arguments.
 */

export const PROJECT_ROOT = join(__dirname, '..', '..');

export type FileStatus = 'written' | 'unchanged' | 'stale' | 'current' | 'removed';

export interface DiagramsSummary {
  readonly ok: boolean;
  readonly check: boolean;
  readonly files: readonly { path: string; diagrams: number; status: FileStatus }[];
  readonly stale: readonly string[];
  readonly machines: DiagramDocs['machines'];
  readonly copyFlows: number;
  readonly retention: readonly {
    environment: string; plan: string; rule: string; kind: string; vault: string; runsPerYear: number; months: number[]; steadyState: string;
  }[];
}

/** Generates, then writes (or, with check, compares) every file below `out`. */
export function runDiagrams(directory: string, options: { check: boolean; out: string }): DiagramsSummary {
  const environments = loadEnvironments(directory);
  const shownSource = relative(PROJECT_ROOT, resolve(directory)) || '.';
  const docs = diagramDocs(environments, shownSource.startsWith('..') ? directory : shownSource);
  const files = docs.files.map((f): { path: string; diagrams: number; status: FileStatus } => {
    const target = join(options.out, f.path);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    let status: FileStatus;
    if (options.check) status = current === f.content ? 'current' : 'stale';
    else if (current === f.content) status = 'unchanged';
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.content);
      status = 'written';
    }
    return { path: f.path, diagrams: f.diagrams, status };
  });
  // The page of an environment no longer in the estate would describe accounts that are not deployed any more.
  const pagesDir = join(options.out, ENVIRONMENT_DOCS_DIR);
  const generatedPaths = new Set(docs.files.map((f) => f.path));
  const orphans = existsSync(pagesDir) ? readdirSync(pagesDir).map((name) => `${ENVIRONMENT_DOCS_DIR}/${name}`).filter((p) => p.endsWith('.md') && !generatedPaths.has(p)) : [];
  for (const orphan of orphans.sort()) {
    if (!options.check) rmSync(join(options.out, orphan));
    files.push({ path: orphan, diagrams: 0, status: options.check ? 'stale' : 'removed' });
  }
  const stale = files.filter((f) => f.status === 'stale').map((f) => f.path);
  return {
    ok: stale.length === 0,
    check: options.check,
    files,
    stale,
    machines: docs.machines,
    copyFlows: docs.copyFlows,
    retention: docs.retention.map((r) => ({
      environment: r.environment,
      plan: r.plan,
      rule: r.rule,
      kind: r.kind,
      vault: `${r.vault.environment}/${r.vault.region}/${r.vault.vault}`,
      runsPerYear: r.counts.runsPerYear,
      months: r.counts.months.map((m) => m.total),
      steadyState: steadyText(r.counts.steady),
    })),
  };
}

export function formatSummary(summary: DiagramsSummary): string {
  const lines = summary.files.map((f) => `${f.path.padEnd(34)} ${String(f.diagrams).padStart(2)} diagrams  ${f.status}`);
  const total = summary.files.reduce((n, f) => n + f.diagrams, 0);
  lines.push('', `${total} Mermaid diagrams; ${summary.copyFlows} copy flows; ${summary.retention.length} retention rows`);
  for (const m of summary.machines) {
    lines.push(`  ${m.name}: ${m.states} states, ${m.edges} transitions, ${m.tasks} tasks (${m.callbackWaits} callback wait${m.callbackWaits === 1 ? '' : 's'})`);
  }
  if (summary.check) {
    lines.push('', summary.ok ? 'All generated files are current.'
      : `Stale (regenerate with \`npm run diagrams\`):\n${summary.stale.map((p) => `  - ${p}`).join('\n')}`);
  }
  return lines.join('\n');
}

/** docs/state-machines.md, docs/estate.md, docs/retention.md and one docs/environments/<name>.md per environment: all drawn from the estate. */
export const diagramsGenerator: Generator = {
  name: 'diagrams',
  derivedFrom: 'estate',
  command: 'npm run diagrams',
  run: ({ root, environmentsDir, check }) => runDiagrams(environmentsDir, { check, out: root }).files.map(({ path, status }) => ({ path, status })),
};

const USAGE = 'usage: npm run diagrams [-- --check] [--json] [--out <dir>]';

function main(argv: readonly string[]): number {
  const options = parseGeneratorOptions(argv, PROJECT_ROOT, USAGE);
  // An invalid configuration throws before anything is written: the committed files stay as they were.
  const summary = runDiagrams(defaultEnvironmentsDir(), options);
  process.stdout.write(`${options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)}\n`);
  return summary.ok ? 0 : 1;
}

if (require.main === module) runCommand('diagrams', () => main(process.argv.slice(2)));
