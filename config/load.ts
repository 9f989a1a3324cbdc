import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { EnvironmentModel } from './model';
import { normalizeEstate } from './normalize';
import { ConfigError, type PathSegment, type Problem } from './problems';
import { checkEnvironment } from './rules/check-environment';
import { checkEstate, type ParsedEnvironment } from './rules/check-estate';
import { EnvironmentFile } from './schema';

/** One environment file's name (as shown in messages) and text. */
export interface EnvironmentSource {
  readonly file: string;
  readonly text: string;
}

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
      return issue.keys.map((key) => ({
        file, path: [...path, key], rule: 'schema/invalid', message: `unknown key "${key}" (check the spelling; see environment.schema.json)`,
        received: valueAt(raw, [...path, key]),
      }));
    }
    return [{ file, path, rule: 'schema/invalid', message: issue.message, received: valueAt(raw, path) }];
  });
}

/**
 * Validates environment files given as text: YAML syntax, the schema, every per-file rule, then the rules
 * across files. Returns the typed model, or throws one ConfigError listing every problem found.
 */
export function parseEnvironments(sources: readonly EnvironmentSource[]): EnvironmentModel[] {
  const problems: Problem[] = [];
  const parsed: (ParsedEnvironment & { source: ParsedSource })[] = [];
  const invalidNames = new Set<string>();
  for (const { file, text } of sources) {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const source = { file, document, lines };
    // A file that fails on its own is reported once; other files' references to it must not cascade.
    invalidNames.add(basename(file, extname(file)));
    const declaredName = /^name:\s*["']?([^"'\s#]+)/m.exec(text)?.[1];
    if (declaredName) invalidNames.add(declaredName);
    if (document.errors.length > 0) {
      for (const e of document.errors) {
        problems.push({ file, path: [], rule: 'yaml/syntax', message: e.message.split('\n')[0], line: lines.linePos(e.pos[0]).line });
      }
      continue;
    }
    const raw: unknown = document.toJS();
    const result = EnvironmentFile.safeParse(raw);
    if (!result.success) {
      problems.push(...schemaProblems(file, raw, result.error).map((p) => ({ ...p, line: lineOf(source, p.path) })));
      continue;
    }
    const env = result.data;
    invalidNames.delete(basename(file, extname(file)));
    if (declaredName) invalidNames.delete(declaredName);
    const expected = basename(file, extname(file));
    if (env.name !== expected) {
      problems.push({ file, path: ['name'], rule: 'environment/file-name', message: `must match the file name "${expected}"`, received: env.name, line: lineOf(source, ['name']) });
    }
    for (const finding of checkEnvironment(env)) problems.push({ file, ...finding, line: lineOf(source, finding.path) });
    parsed.push({ file, env, source });
  }
  const sourceOf = new Map(parsed.map((p) => [p.file, p.source]));
  for (const finding of checkEstate(parsed, invalidNames)) {
    const source = sourceOf.get(finding.file);
    problems.push({ ...finding, line: source ? lineOf(source, finding.path) : undefined });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return normalizeEstate(parsed);
}

/** Reads every `*.yaml` / `*.yml` file of `directory` (sorted by name) and validates them together. */
export function loadEnvironments(directory: string): EnvironmentModel[] {
  let names: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error('not a directory');
    names = readdirSync(directory).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    throw new ConfigError([{ file: directory, path: [], rule: 'schema/invalid', message: 'the environments directory does not exist or cannot be read' }]);
  }
  if (names.length === 0) {
    throw new ConfigError([{ file: directory, path: [], rule: 'schema/invalid', message: 'no environment files (*.yaml) found' }]);
  }
  const cwd = process.cwd();
  return parseEnvironments(
    names.map((name) => {
      const path = join(directory, name);
      const shown = relative(cwd, path);
      return { file: shown.startsWith('..') ? path : shown, text: readFileSync(path, 'utf8') };
    }),
  );
}
