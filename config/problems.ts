/** Where a problem is: the file, the path inside it, and (when the YAML parser knows it) the line. */
export type PathSegment = string | number;

/** One thing wrong with the configuration. Problems are collected, never thrown one at a time. */
export interface Problem {
  readonly file: string;
  readonly path: readonly PathSegment[];
  /** Stable rule identifier, e.g. `lifecycle/cold-storage-minimum`; see config/checks/catalog.ts. */
  readonly rule: string;
  readonly message: string;
  /** The value the file gave (undefined when the value is missing). */
  readonly received?: unknown;
  readonly line?: number;
}

/** `plans[0].rules[1].lifecycle.deleteAfterDays` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * The value as JSON, as the file would show it. JSON has no form for some values a configuration can hold (YAML's
 * .nan and .inf, and in memory BigInts, functions, symbols, circular objects): those are written as JavaScript
 * would, or named by their type, so that reporting a problem never fails and never shows another value (NaN as null).
 */
function formatReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  let json: string | undefined;
  try {
    json = JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
  } catch {
    // Circular: named by its type below.
  }
  if (json === undefined) json = `(a ${typeof value})`;
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** One line per problem: `file:line: path: message [rule] (received: value)`. */
export function formatProblem(problem: Problem): string {
  const where = problem.line !== undefined ? `${problem.file}:${problem.line}` : problem.file;
  return `${where}: ${formatPath(problem.path)}: ${problem.message} [${problem.rule}] (received: ${formatReceived(problem.received)})`;
}

/** A warning line: AWS may refuse this, and the file alone cannot tell; nothing stops. */
export function formatWarning(warning: Problem): string {
  return `warning: ${formatProblem(warning)}`;
}

/** Thrown once, with every problem found, when the configuration is not valid. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the environment configuration:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
