/**
 * `npm run catalog -- [--out <dir>] [--check] [--json] [--environments <dir>]`
 *
 * Writes the Backstage catalog of the estate (tools/lib/catalog/): `<out>/<environment>.yaml` per environment,
 * `<out>/templates/start-drill.yaml` and `<out>/all.yaml`, the Location to register. Everything is generated in
 * memory first, so invalid configuration writes nothing. `--check` writes nothing and exits 1 when the folder differs
 * from what would be generated. Prints entities per kind per environment (`--json`: the summary as JSON on stdout).
 * Environments come from `--environments`, else `BACKUP_ENVIRONMENTS_DIR`, else `environments` (like main.ts).
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments } from '../../config/load';
import { compareWithDisk, writeFiles, type FileReport } from '../lib/catalog/files';
import { generateCatalog } from '../lib/catalog/generate';
import { catalogSummary, formatStale, formatSummary, type CatalogSummary } from '../lib/catalog/summary';
import { parseCommandLine, runCommand, UsageError } from '../lib/command-line';
import type { GeneratedFileStatus, Generator } from '../lib/generator';
import { OPENAPI_PATH } from './openapi';
import { defaultEnvironmentsDir } from '../../config/environment-files';

export const DEFAULT_OUT_DIR = 'catalog';

const USAGE = `Usage: npm run catalog -- [--out <dir>] [--check] [--json] [--environments <dir>]

  --out <dir>           output folder (default: ${DEFAULT_OUT_DIR})
  --check               write nothing; exit 1 if the output folder is not what would be generated
  --json                print the summary as JSON
  --environments <dir>  environments directory (default: $BACKUP_ENVIRONMENTS_DIR, else environments)`;

export interface CatalogOptions {
  readonly out: string;
  readonly check: boolean;
  readonly json: boolean;
  readonly environmentsDir: string;
}

function parseOptions(argv: readonly string[]): CatalogOptions | 'help' {
  const { values } = parseCommandLine(argv, {
    out: { type: 'string' },
    check: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    environments: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  }, USAGE);
  if (values.help) return 'help';
  if (values.out === '') throw new UsageError('--out needs a folder', USAGE);
  return {
    out: values.out ?? DEFAULT_OUT_DIR,
    check: values.check,
    json: values.json,
    environmentsDir: values.environments ?? defaultEnvironmentsDir(),
  };
}

/** Generates the catalog and writes it, or with `check` compares it with the output folder. */
export function runCatalog(options: CatalogOptions): CatalogSummary {
  const catalog = generateCatalog({ environments: loadEnvironments(options.environmentsDir), openApiDefinition: fs.readFileSync(OPENAPI_PATH, 'utf8') });
  const files = options.check ? compareWithDisk(options.out, catalog.files) : writeFiles(options.out, catalog.files);
  return catalogSummary(catalog, options.check ? 'check' : 'write', options.out, files);
}

const GENERATED_STATUS: Readonly<Record<FileReport['status'], GeneratedFileStatus>> = {
  written: 'written', unchanged: 'unchanged', current: 'current', differs: 'stale', missing: 'stale', extra: 'stale',
};

/** The catalog/ folder; a file it no longer generates counts as stale (delete it). */
export const catalogGenerator: Generator = {
  name: 'catalog',
  derivedFrom: 'estate',
  command: 'npm run catalog',
  run: ({ root, environmentsDir, check }) => runCatalog({ out: join(root, DEFAULT_OUT_DIR), check, json: false, environmentsDir })
    .files.map((f) => ({ path: `${DEFAULT_OUT_DIR}/${f.path}`, status: GENERATED_STATUS[f.status] })),
};

/** Where the command writes; tests pass their own. */
export interface CatalogOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const PROCESS_OUTPUT: CatalogOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/**
 * The command: returns 0, or 1 for a stale --check. A wrong command line (UsageError), an invalid configuration
 * (ConfigError) or a catalog that cannot be generated (CatalogError) is thrown, for runCommand to report.
 */
export function main(argv: readonly string[], output: CatalogOutput = PROCESS_OUTPUT): number {
  const options = parseOptions(argv);
  if (options === 'help') {
    output.stdout(`${USAGE}\n`);
    return 0;
  }
  const summary = runCatalog(options);
  output.stdout(`${options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)}\n`);
  if (!summary.ok) {
    output.stderr(`${formatStale(summary)}\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) runCommand('catalog', () => main(process.argv.slice(2)));
