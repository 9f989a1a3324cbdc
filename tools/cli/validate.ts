/**
 * `npm run validate [-- <dir>] [--json]`: the configuration checks alone (files, YAML, schema, every rule), for
 * editors, pre-commit hooks and CI. Nothing is synthesized and nothing is written; no cdktf is loaded.
 * The folder is `<dir>`, else `BACKUP_ENVIRONMENTS_DIR`, else environments (like main.ts).
 *
 * Prints `ok: N environments (names)`, or every problem as `file:line: path: message [rule] (received: value)`;
 * entries of the folder left out on purpose are `note:` lines, and warnings (AWS may refuse it; the file cannot tell)
 * `warning:` lines, on stderr. `--json` prints one JSON document on stdout
 * (and nothing else there). Exits 0 when valid, 1 on problems, 2 on a wrong command line.
 */
import * as path from 'path';
import { defaultEnvironmentsDir, formatIgnored, readEnvironmentFiles, type IgnoredFile } from '../../config/environment-files';
import { parseEnvironments } from '../../config/load';
import { ConfigError, formatPath, formatWarning, type PathSegment, type Problem } from '../../config/problems';
import { parseCommandLine, runCommand, UsageError } from '../lib/command-line';

const USAGE = 'Usage: npm run validate [-- <dir>] [--json]';

export interface ValidationReport {
  readonly ok: boolean;
  /** Names of the valid environments, sorted by file name; empty when there is any problem. */
  readonly environments: readonly string[];
  readonly problems: readonly {
    file: string;
    /** null when the problem has no line (a whole file or folder). */
    line: number | null;
    /** As the human output shows it: `plans[0].rules[1].lifecycle`. */
    path: string;
    pathSegments: readonly PathSegment[];
    rule: string;
    message: string;
    /** The value the file gave, as JSON; null when it gave none. */
    received: unknown;
  }[];
  readonly ignored: readonly IgnoredFile[];
  /** Findings that do not stop a run, in the shape of problems. */
  readonly warnings: readonly ValidationReport['problems'][number][];
}

/**
 * A received value JSON can hold: YAML gives .nan, .inf and, through aliases, circular values, which JSON.stringify
 * would turn into null or refuse.
 */
function jsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) as unknown;
  } catch {
    return `(a ${typeof value})`;
  }
}

const problemJson = (p: Problem): ValidationReport['problems'][number] => ({
  file: p.file, line: p.line ?? null, path: formatPath(p.path), pathSegments: p.path, rule: p.rule, message: p.message, received: jsonValue(p.received),
});

interface Outcome {
  readonly environments: readonly string[];
  /** The folder's or the files' problems, all of them. */
  readonly error?: ConfigError;
  readonly ignored: readonly IgnoredFile[];
  readonly warnings: readonly Problem[];
}

/** Loads and validates the folder, keeping the notes even when it is invalid. */
function validateDirectory(directory: string): Outcome {
  let ignored: readonly IgnoredFile[] = [];
  const warnings: Problem[] = [];
  try {
    const files = readEnvironmentFiles(directory);
    ignored = files.ignored;
    return { environments: parseEnvironments(files.sources, { warnings }).map((e) => e.name), ignored, warnings };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { environments: [], error, ignored, warnings };
  }
}

const validationReport = ({ environments, error, ignored, warnings }: Outcome): ValidationReport => (
  { ok: error === undefined, environments, problems: error?.problems.map(problemJson) ?? [], ignored, warnings: warnings.map(problemJson) }
);

function main(argv: readonly string[]): number {
  const { values, positionals } = parseCommandLine(argv, { json: { type: 'boolean', default: false } }, USAGE, { positionals: true });
  if (positionals.length > 1) throw new UsageError(`Name at most one folder of environment files; got ${positionals.length}.`, USAGE);
  // A folder named on the command line is relative to where npm was run, as for github:matrix.
  const directory = positionals.length === 1
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0])
    : defaultEnvironmentsDir();
  const outcome = validateDirectory(directory);
  for (const note of outcome.ignored) process.stderr.write(`note: ${formatIgnored(note)}\n`);
  for (const warning of outcome.warnings) process.stderr.write(`${formatWarning(warning)}\n`);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(validationReport(outcome), null, 2)}\n`);
    return outcome.error ? 1 : 0;
  }
  // The same text every other command prints for an invalid configuration.
  if (outcome.error) throw outcome.error;
  const count = outcome.environments.length;
  process.stdout.write(`ok: ${count} environment${count === 1 ? '' : 's'} (${outcome.environments.join(', ')})\n`);
  return 0;
}

if (require.main === module) runCommand('validate', () => main(process.argv.slice(2)));
