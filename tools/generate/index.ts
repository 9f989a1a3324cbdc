/**
 * `npm run check:generated`: are the committed generated files current for the estate in environments/ (or
 * `BACKUP_ENVIRONMENTS_DIR`)? docs/estate.md, docs/retention.md, docs/state-machines.md and the README's estate
 * picture (`npm run diagrams`), the Backstage catalog/ folder (`npm run catalog`) and the schema copy beside the
 * environment files (`npm run schema`). Writes nothing; exits 1 listing each stale file with the command that
 * regenerates it.
 *
 * Why not a test: these files describe the user's own estate, and the tests must pass whatever valid estate the user
 * keeps in environments/; the tests check the generators on their own fixtures instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCatalog } from './catalog';
import { runCommand } from '../lib/command-line';
import { runDiagrams } from './diagrams';
import { environmentJsonSchema } from './schema';

export interface StaleFile {
  /** Relative to the project root. */
  readonly path: string;
  /** The command that regenerates it. */
  readonly regenerate: string;
}

/** Every generated file below `root` that differs from what `environmentsDir` generates. */
export function staleGeneratedFiles(environmentsDir: string, root: string): StaleFile[] {
  const diagrams = runDiagrams(environmentsDir, { check: true, out: root });
  const catalog = runCatalog({ out: path.join(root, 'catalog'), check: true, json: false, environmentsDir });
  const schemaFile = path.join(environmentsDir, 'environment.schema.json');
  const schemaStale = fs.existsSync(schemaFile) && fs.readFileSync(schemaFile, 'utf8') !== environmentJsonSchema();
  return [
    ...diagrams.stale.map((p) => ({ path: p, regenerate: 'npm run diagrams' })),
    ...catalog.files.filter((f) => f.status !== 'current').map((f) => ({ path: `catalog/${f.path}`, regenerate: 'npm run catalog' })),
    ...(schemaStale ? [{ path: path.relative(root, schemaFile) || schemaFile, regenerate: 'npm run schema' }] : []),
  ];
}

function main(): number {
  const stale = staleGeneratedFiles(process.env.BACKUP_ENVIRONMENTS_DIR || 'environments', path.join(__dirname, '..', '..'));
  if (stale.length === 0) {
    process.stdout.write('All generated files are current.\n');
    return 0;
  }
  process.stdout.write(`Stale generated files:\n${stale.map((f) => `  - ${f.path} (regenerate with \`${f.regenerate}\`)`).join('\n')}\n`);
  return 1;
}

if (require.main === module) void runCommand('check-generated', main);
