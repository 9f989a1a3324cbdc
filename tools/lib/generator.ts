import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultEnvironmentsDir } from '../../config/environment-files';
import { parseCommandLine, runCommand } from './command-line';

/**
 * What every generator of committed files offers `npm run generate` (tools/generate/index.ts): one contract, so the
 * runner can write them all, or check them all and name each stale file with the command that regenerates it.
 */

/**
 * What a generated file is derived from.
 * - `project`: the project's own code and dependencies (zod schema, rule catalog, route table, state machines, AWS
 *   models). A stale one is the project's bug: `npm test` checks them.
 * - `estate`: the environment files (environments/*.yaml). They describe the user's own estate, so the tests must not
 *   depend on them: adding an account must not break `npm test`. The plan workflow checks them instead.
 */
export type Derivation = 'project' | 'estate';

export type GeneratedFileStatus = 'written' | 'unchanged' | 'current' | 'stale' | 'removed';

export interface GeneratedFileReport {
  /** Relative to the root the generator ran below, "/"-separated. */
  readonly path: string;
  readonly status: GeneratedFileStatus;
}

export interface GeneratorContext {
  /** The project root, or another folder the generated paths are written below (tests use a copy). */
  readonly root: string;
  /** Where the environment files are (estate-derived generators only). */
  readonly environmentsDir: string;
  /** Compare only, write nothing. */
  readonly check: boolean;
  /** Progress lines (stderr in the command). */
  readonly log: (line: string) => void;
}

export interface Generator {
  /** Short name, as `npm run generate -- <name>` selects it. */
  readonly name: string;
  readonly derivedFrom: Derivation;
  /** The command that regenerates only this generator's files. */
  readonly command: string;
  run(context: GeneratorContext): Promise<readonly GeneratedFileReport[]> | readonly GeneratedFileReport[];
}

/** The file as generated: `path` relative to the root. */
export interface ExpectedFile {
  readonly path: string;
  readonly content: string;
}

/** Writes each file whose content differs (or, with `check`, only compares): the shared half of most generators. */
export function writeOrCompare(root: string, files: readonly ExpectedFile[], check: boolean): GeneratedFileReport[] {
  return files.map(({ path, content }) => {
    const target = join(root, path);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === content) return { path, status: check ? 'current' : 'unchanged' };
    if (check) return { path, status: 'stale' };
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    return { path, status: 'written' };
  });
}

/** The project root (tools/lib/ is two levels below it). */
export const PROJECT_ROOT = join(__dirname, '..', '..');

/**
 * The command line of a single generator (`npm run schema [-- --check]` and the like): writes its files below the
 * project root, or with `--check` names the stale ones and exits 1.
 */
export function runGeneratorCommand(generator: Generator, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const usage = `usage: ${generator.command} [-- --check]`;
  return runCommand(generator.command, async () => {
    const { values } = parseCommandLine(argv, { check: { type: 'boolean', default: false } }, usage);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const files = await generator.run({ root: PROJECT_ROOT, environmentsDir: defaultEnvironmentsDir(), check: values.check, log });
    for (const file of files) process.stdout.write(`${file.path}: ${file.status}\n`);
    return files.some((f) => f.status === 'stale') ? 1 : 0;
  });
}
