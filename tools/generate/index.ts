/**
 * `npm run generate [-- --check] [--project | --estate] [<generator>...]`: every generator of committed files, in one
 * command. Writes what differs; `--check` writes nothing and exits 1 naming each stale file with the command that
 * regenerates it.
 *
 * `--project` keeps the files derived from the project's code (schema, README config reference, OpenAPI, AWS-managed
 * policy actions, AWS facts, fault matrix): `npm test` checks them. `--estate` keeps the files derived from the
 * environment files (`BACKUP_ENVIRONMENTS_DIR`, default environments/): the estate docs and diagrams and the Backstage
 * catalog. They describe the user's own estate, so the tests must pass whatever valid estate the user keeps: the plan
 * workflow checks them instead. Without either, both. Names (`schema`, `faults`, ...) pick generators.
 * Exit codes: 0 written / current, 1 stale files or a generator failed, 2 bad arguments.
 */
import { parseCommandLine, runCommand, UsageError } from '../lib/command-line';
import { defaultEnvironmentsDir } from '../../config/environment-files';
import { PROJECT_ROOT, type Derivation, type Generator } from '../lib/generator';
import { awsFactsGenerator } from './aws-facts';
import { catalogGenerator } from './catalog';
import { diagramsGenerator } from './diagrams';
import { docsGenerator } from './docs';
import { faultMatrixGenerator } from './fault-matrix';
import { managedPolicyActionsGenerator } from './managed-policy-actions';
import { openApiGenerator } from './openapi';
import { schemaGenerator } from './schema';

/** In the order they must run: the catalog reads the OpenAPI document; the AWS facts page reads the facts data. */
export const GENERATORS: readonly Generator[] = [
  schemaGenerator,
  openApiGenerator,
  managedPolicyActionsGenerator,
  awsFactsGenerator,
  faultMatrixGenerator,
  docsGenerator,
  diagramsGenerator,
  catalogGenerator,
];

export interface StaleFile {
  /** Relative to the root, "/"-separated. */
  readonly path: string;
  /** The command that regenerates it. */
  readonly regenerate: string;
}

export interface GenerateOptions {
  /** Folder the generated paths are relative to. @default the project root */
  readonly root?: string;
  /** @default BACKUP_ENVIRONMENTS_DIR, else environments */
  readonly environmentsDir?: string;
  /** Only the generators of this derivation. @default both */
  readonly derivedFrom?: Derivation;
  /** Only these generators (by name). @default all */
  readonly names?: readonly string[];
  readonly check: boolean;
  /** @default nothing */
  readonly log?: (line: string) => void;
}

export function selectGenerators(derivedFrom?: Derivation, names: readonly string[] = []): Generator[] {
  const unknown = names.filter((n) => !GENERATORS.some((g) => g.name === n));
  if (unknown.length > 0) throw new UsageError(`unknown generator: ${unknown.join(', ')}; known: ${GENERATORS.map((g) => g.name).join(', ')}`);
  return GENERATORS.filter((g) => (derivedFrom === undefined || g.derivedFrom === derivedFrom) && (names.length === 0 || names.includes(g.name)));
}

/** Runs the chosen generators one after another; returns each file's report with its generator. */
export async function runGenerators(options: GenerateOptions): Promise<{ generator: Generator; path: string; status: string }[]> {
  const context = {
    root: options.root ?? PROJECT_ROOT,
    environmentsDir: options.environmentsDir ?? defaultEnvironmentsDir(),
    check: options.check,
    log: options.log ?? (() => {}),
  };
  const results: { generator: Generator; path: string; status: string }[] = [];
  for (const generator of selectGenerators(options.derivedFrom, options.names)) {
    for (const file of await generator.run(context)) results.push({ generator, path: file.path, status: file.status });
  }
  return results;
}

/** Every generated file below the root that differs from what would be generated. */
export async function staleGeneratedFiles(options: Omit<GenerateOptions, 'check'>): Promise<StaleFile[]> {
  const results = await runGenerators({ ...options, check: true });
  return results.filter((r) => r.status === 'stale').map((r) => ({ path: r.path, regenerate: r.generator.command }));
}

const USAGE = 'usage: npm run generate [-- --check] [--project | --estate] [<generator>...]';

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    check: { type: 'boolean', default: false },
    project: { type: 'boolean', default: false },
    estate: { type: 'boolean', default: false },
  }, USAGE, { positionals: true });
  if (values.project && values.estate) throw new UsageError('--project and --estate exclude each other; give neither for both', USAGE);
  const derivedFrom: Derivation | undefined = values.project ? 'project' : values.estate ? 'estate' : undefined;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results = await runGenerators({ derivedFrom, names: positionals, check: values.check, log });
  const stale = results.filter((r) => r.status === 'stale');
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const generators = [...new Set(results.map((r) => r.generator.name))].join(', ');
  process.stdout.write(`${generators}: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}\n`);
  for (const r of results.filter((x) => x.status === 'written')) process.stdout.write(`  wrote ${r.path}\n`);
  if (stale.length === 0) return 0;
  process.stdout.write(`Stale generated files:\n${stale.map((r) => `  - ${r.path} (regenerate with \`npm run generate\` or \`${r.generator.command}\`)`).join('\n')}\n`);
  return 1;
}

if (require.main === module) void runCommand('generate', () => main(process.argv.slice(2)));
