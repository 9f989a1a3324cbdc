import { readFileSync } from 'node:fs';
import { Alias, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { environmentNameOf, readEnvironmentFiles, type EnvironmentSource, type IgnoredFile } from './environment-files';
import type { EnvironmentModel } from './model';
import { ConfigError, type PathSegment, type Problem } from './problems';
import { EnvironmentFile, partialEnvironment, type PartialEnvironment } from './schema';
import { checkEnvironment, checkEstate, checkRawValues, type Finding, type ParsedEnvironment } from './checks';
import { normalizeEstate } from './normalize';

export type { EnvironmentSource } from './environment-files';

interface ParsedSource {
  readonly file: string;
  readonly document: Document;
  readonly lines: LineCounter;
}

function lineOf(source: ParsedSource, path: readonly PathSegment[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = source.document.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return source.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  return path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PathSegment, unknown>)[key] : undefined), value);
}

function schemaProblems(file: string, raw: unknown, error: z.ZodError): Omit<Problem, 'line'>[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      // "__proto__" is reported by checkRawValues (wherever it is, records included).
      return issue.keys.filter((key) => key !== '__proto__').map((key) => ({
        file, path: [...path, key], rule: 'schema/invalid', message: `unknown key "${key}" (check the spelling; see environment.schema.json)`,
        received: valueAt(raw, [...path, key]),
      }));
    }
    if (issue.code === 'invalid_key') {
      // A record key that breaks its own rules: say which rule, and show the key (zod says only "Invalid key in record").
      const key = path[path.length - 1];
      return issue.issues.map((inner) => ({ file, path, rule: 'schema/invalid', message: `key "${String(key)}": ${inner.message}`, received: key }));
    }
    return [{ file, path, rule: 'schema/invalid', message: issue.message, received: valueAt(raw, path) }];
  });
}

/**
 * One environment configuration already parsed into a value (from YAML, or built in memory), with what the
 * messages need to point at it.
 */
export interface EnvironmentConfigInput {
  /** Where it came from, shown first in every problem (a file path, or a label for an in-memory object). */
  readonly file: string;
  /** The configuration value, validated against the schema. */
  readonly config: unknown;
  /** Problems found before the schema (YAML syntax); when any, the input is reported and not checked further. */
  readonly syntaxProblems?: readonly Problem[];
  /** The name the environment must have (a file's base name); rule `environment/file-name`. @default any name */
  readonly expectedName?: string;
  /**
   * Names other inputs may know this one by, so that their references to it do not cascade when it is invalid.
   * @default the expected name and a string `name` of the config
   */
  readonly knownNames?: readonly string[];
  /** The line of a path inside the source, when there is a source text. @default no lines */
  readonly lineOf?: (path: readonly PathSegment[]) => number | undefined;
}

/**
 * Validates environment configurations given as values: the schema, every per-environment rule, then the rules
 * across environments (copies resolve end to end, names are unique). Returns the typed model, or throws one
 * ConfigError listing every problem found. The YAML loader and in-memory configurations share this path.
 */
export function validateEnvironmentConfigs(inputs: readonly EnvironmentConfigInput[], options: ValidationOptions = {}): EnvironmentModel[] {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const parsed: (ParsedEnvironment & { lineOf: (path: readonly PathSegment[]) => number | undefined })[] = [];
  // Files checked without the parts the schema refused: their estate findings are kept (mapped back), not their models.
  const partial: (ParsedEnvironment & { lineOf: (path: readonly PathSegment[]) => number | undefined; part: PartialEnvironment })[] = [];
  const invalidNames = new Set<string>();
  const report = (problem: Problem, severity: Finding['severity']) => (severity === 'warning' ? warnings : problems).push(problem);
  for (const input of inputs) {
    const { file, config: raw, expectedName } = input;
    const lineOf = input.lineOf ?? (() => undefined);
    const declaredName = raw !== null && typeof raw === 'object' ? (raw as { name?: unknown }).name : undefined;
    const knownNames = input.knownNames ?? [...(expectedName ? [expectedName] : []), ...(typeof declaredName === 'string' ? [declaredName] : [])];
    // An input that fails on its own is reported once; other inputs' references to it must not cascade.
    for (const name of knownNames) invalidNames.add(name);
    if (input.syntaxProblems && input.syntaxProblems.length > 0) {
      problems.push(...input.syntaxProblems);
      continue;
    }
    const result = EnvironmentFile.safeParse(raw);
    const schema = result.success ? [] : schemaProblems(file, raw, result.error);
    // Values the schema already refused at the same path are not reported twice.
    const refused = new Set(schema.map((p) => JSON.stringify(p.path)));
    const rawFindings = checkRawValues(raw).filter((f) => !refused.has(JSON.stringify(f.path)));
    problems.push(...[...schema, ...rawFindings.map((f) => ({ file, ...f }))].map((p) => ({ ...p, line: lineOf(p.path) })));
    if (!result.success) {
      // The rest of the file is still checked: a schema problem must not hide rule problems elsewhere in it.
      const part = partialEnvironment(raw, result.error.issues.map((i) => i.path.filter((p): p is string | number => typeof p !== 'symbol')));
      if (!part) continue;
      for (const finding of checkEnvironment(part.env)) {
        const path = part.toOriginal(finding.path);
        if (part.wasCut(path) || isCascade(finding, part.cutNames)) continue;
        report({ file, ...finding, path, line: lineOf(path) }, finding.severity);
      }
      partial.push({ file, env: part.env, lineOf, part });
      continue;
    }
    const env = result.data;
    for (const name of knownNames) invalidNames.delete(name);
    if (expectedName !== undefined && env.name !== expectedName) {
      problems.push({ file, path: ['name'], rule: 'environment/file-name', message: `must match the file name "${expectedName}"`, received: env.name, line: lineOf(['name']) });
    }
    for (const finding of checkEnvironment(env)) report({ file, ...finding, line: lineOf(finding.path) }, finding.severity);
    parsed.push({ file, env, lineOf });
  }
  const lineOfFile = new Map([...parsed, ...partial].map((p) => [p.file, p.lineOf]));
  const partOfFile = new Map(partial.map((p) => [p.file, p.part]));
  const cutNames = new Set(partial.flatMap((p) => [...p.part.cutNames]));
  // Partly valid files take part (their names are known again), but their own findings here would repeat the cut.
  for (const p of partial) invalidNames.delete(p.env.name);
  for (const finding of checkEstate([...parsed, ...partial], invalidNames)) {
    const part = partOfFile.get(finding.file);
    const path = part ? part.toOriginal(finding.path) : finding.path;
    if ((part && part.wasCut(path)) || isCascade(finding, cutNames)) continue;
    report({ ...finding, path, line: lineOfFile.get(finding.file)?.(path) }, finding.severity);
  }
  options.warnings?.push(...warnings);
  if (problems.length > 0) throw new ConfigError(problems);
  return normalizeEstate(parsed.map(({ file, env }) => ({ file, env })));
}

/** Rules that resolve a name to something else of the file or the estate: they fail by cascade when that was cut out. */
const REFERENCE_RULES = new Set<string>([
  'vault/unknown-rule-vault', 'drill/vault', 'restore-testing/vault', 'access/unknown-identity', 'orchestration/on-demand-rule',
  'copy/target-vault', 'copy/target-environment', 'accept-copies/unknown-environment', 'restore-testing/resource-type',
]);

function isCascade(finding: Pick<Finding, 'rule' | 'received'>, cutNames: ReadonlySet<string>): boolean {
  if (!REFERENCE_RULES.has(finding.rule) || cutNames.size === 0) return false;
  const received = JSON.stringify(finding.received ?? '');
  return [...cutNames].some((name) => received.includes(name));
}

export interface ValidationOptions {
  /** Receives the warnings (findings of severity warning): things AWS may refuse that the file cannot tell for sure. @default dropped */
  readonly warnings?: Problem[];
}

/**
 * The value of a parsed document, or the problem that keeps it from having one. The parser accepts an alias whose
 * anchor is missing (or aliases expanding past its limit) and only the conversion throws; an empty file (or one of
 * comments only) holds no mapping at all.
 */
function toValue(source: ParsedSource): { value: unknown } | { problem: Problem } {
  const { file, document, lines } = source;
  if (document.contents === null) {
    return { problem: { file, path: [], rule: 'schema/invalid', message: 'the file is empty: an environment file is a YAML mapping (name, accountId, partition, regions, deployment, state, tags, ...)', line: 1 } };
  }
  try {
    return { value: document.toJS() };
  } catch (error) {
    let alias: Alias | undefined;
    visit(document, {
      Alias: (_key, node) => {
        if (node.resolve(document) !== undefined) return undefined;
        alias = node;
        return visit.BREAK;
      },
    });
    const line = alias?.range ? lines.linePos(alias.range[0]).line : undefined;
    const message = (error as Error).message.split('\n')[0];
    return { problem: { file, path: [], rule: 'yaml/syntax', message, received: alias ? `*${alias.source}` : undefined, line } };
  }
}

/**
 * Validates environment files given as text: YAML syntax, the schema, every per-file rule, then the rules
 * across files. Returns the typed model, or throws one ConfigError listing every problem found.
 */
export function parseEnvironments(sources: readonly EnvironmentSource[], options: ValidationOptions = {}): EnvironmentModel[] {
  return validateEnvironmentConfigs(
    sources.map(({ file, text, readProblem }): EnvironmentConfigInput => {
      const expectedName = environmentNameOf(file);
      // Other files' references to an unreadable file's environment must not cascade: it is known by its file name.
      if (readProblem) return { file, config: undefined, syntaxProblems: [readProblem], expectedName, knownNames: [expectedName] };
      const lines = new LineCounter();
      const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
      const source: ParsedSource = { file, document, lines };
      // Read from the text, so that a file whose YAML does not parse still holds its name.
      const declaredName = /^name:\s*["']?([^"'\s#]+)/m.exec(text)?.[1];
      const syntaxProblems = document.errors.map((e): Problem => (
        { file, path: [], rule: 'yaml/syntax', message: e.message.split('\n')[0], line: lines.linePos(e.pos[0]).line }
      ));
      let config: unknown;
      if (syntaxProblems.length === 0) {
        const converted = toValue(source);
        if ('problem' in converted) syntaxProblems.push(converted.problem);
        else config = converted.value;
      }
      return {
        file,
        config,
        syntaxProblems,
        expectedName,
        knownNames: declaredName ? [expectedName, declaredName] : [expectedName],
        lineOf: (path) => lineOf(source, path),
      };
    }),
    options,
  );
}

/**
 * Reads every `*.yaml` / `*.yml` file of `directory` (sorted by name) and validates them together. A file that
 * cannot be read as text is one more problem of the same ConfigError (config/environment-files.ts).
 */
export function loadEnvironments(directory: string): EnvironmentModel[] {
  return parseEnvironments(readEnvironmentFiles(directory).sources);
}

/**
 * {@link loadEnvironments}, with the entries of the folder left out on purpose (editor backups, hidden files) and the
 * warnings of valid files.
 */
export function loadEnvironmentsWithNotes(directory: string): { environments: EnvironmentModel[]; ignored: readonly IgnoredFile[]; warnings: readonly Problem[] } {
  const { sources, ignored } = readEnvironmentFiles(directory);
  const warnings: Problem[] = [];
  return { environments: parseEnvironments(sources, { warnings }), ignored, warnings };
}

/**
 * Problems found after loading (on the stacks built from the models: modules/limits), each given the line of its
 * path in its file, like the loader's own problems. A file that cannot be read again keeps its problems without lines.
 */
export function locateProblems(problems: readonly Omit<Problem, 'line'>[]): Problem[] {
  const sources = new Map<string, ParsedSource | undefined>();
  const sourceOf = (file: string): ParsedSource | undefined => {
    if (!sources.has(file)) {
      let source: ParsedSource | undefined;
      try {
        const lines = new LineCounter();
        source = { file, document: parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false }), lines };
      } catch {
        source = undefined;
      }
      sources.set(file, source);
    }
    return sources.get(file);
  };
  return problems.map((problem) => {
    const source = sourceOf(problem.file);
    return { ...problem, line: source ? lineOf(source, problem.path) : undefined };
  });
}
