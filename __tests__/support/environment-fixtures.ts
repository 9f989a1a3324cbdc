import { readFileSync } from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { parseEnvironments, type EnvironmentSource } from '../../config/load';
import { ConfigError, formatPath, type Problem } from '../../config/problems';
import type { RuleId } from '../../config/checks/catalog';

/** The tests' example environments (__tests__/fixtures/environments/), in the order loadEnvironments reads them. */
export const EXAMPLE_NAMES = ['backup-central', 'dev', 'prod', 'staging'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

const ENVIRONMENTS_DIR = path.join(__dirname, '..', 'fixtures', 'environments');

/** The file name shown in problems for an example environment, e.g. `environments/prod.yaml`. */
export const fileOf = (name: string): string => `environments/${name}.yaml`;

/** Read once: every test starts from these texts. */
const EXAMPLE_TEXTS: ReadonlyMap<string, string> = new Map(
  EXAMPLE_NAMES.map((name) => [fileOf(name), readFileSync(path.join(ENVIRONMENTS_DIR, `${name}.yaml`), 'utf8')]),
);

/** The parsed YAML of one environment file, edited freely by mutations. */
export type YamlDoc = any;

/**
 * A mutable copy of the example environment set. Each edit fails loudly when its target is missing, so a
 * mutation that no longer applies (because the examples changed) breaks its test instead of silently passing.
 */
export class EnvironmentSet {
  private readonly texts = new Map(EXAMPLE_TEXTS);

  /** Text of `name` (environment name or file path). */
  text(name: string): string {
    const text = this.texts.get(this.key(name));
    if (text === undefined) throw new Error(`no file ${name} in the set`);
    return text;
  }

  /** Parses the file as YAML, lets `edit` change the object, and writes it back with `yaml.stringify`. */
  edit(name: string, edit: (doc: YamlDoc) => void): this {
    const doc: YamlDoc = parse(this.text(name));
    edit(doc);
    this.texts.set(this.key(name), stringify(doc));
    return this;
  }

  /** Replaces the first occurrence of `from` (which must exist) in the file text. */
  replace(name: string, from: string, to: string): this {
    const text = this.text(name);
    if (!text.includes(from)) throw new Error(`"${from}" not found in ${name}`);
    this.texts.set(this.key(name), text.replace(from, to));
    return this;
  }

  /** Gives the file another path (same text). */
  rename(name: string, file: string): this {
    const text = this.text(name);
    this.texts.delete(this.key(name));
    this.texts.set(file, text);
    return this;
  }

  remove(name: string): this {
    this.text(name);
    this.texts.delete(this.key(name));
    return this;
  }

  sources(): EnvironmentSource[] {
    return [...this.texts].map(([file, text]) => ({ file, text }));
  }

  private key(name: string): string {
    return this.texts.has(name) ? name : fileOf(name);
  }
}

/** One rule proven on one small mutation of the examples: where the problem must be, and what it must say. */
export interface RuleCase {
  readonly rule: RuleId;
  /** What the mutation does, for the test name. */
  readonly title: string;
  readonly mutate: (set: EnvironmentSet) => void;
  readonly file: string;
  /** formatPath of the problem path. */
  readonly path: string;
  readonly messageFragment: string;
  readonly received: unknown;
}

/** A fresh copy of the four valid example files. */
export const examples = (): EnvironmentSet => new EnvironmentSet();

/** Runs the loader and returns the ConfigError it must throw (fails the test when it does not). */
export function configErrorOf(set: EnvironmentSet): ConfigError {
  try {
    parseEnvironments(set.sources());
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected parseEnvironments to throw a ConfigError, but the configuration was accepted');
}

/** A problem in a shape that is easy to compare: the path formatted as users see it. */
export interface ProblemSummary {
  readonly rule: string;
  readonly file: string;
  readonly path: string;
  readonly message: string;
  readonly received: unknown;
  readonly line: number | undefined;
}

export const summarize = (problem: Problem): ProblemSummary => ({
  rule: problem.rule,
  file: problem.file,
  path: formatPath(problem.path),
  message: problem.message,
  received: problem.received,
  line: problem.line,
});

/** 1-based number of the first line of `text` that contains `fragment` (throws when there is none). */
export function lineContaining(text: string, fragment: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(fragment));
  if (index < 0) throw new Error(`no line contains "${fragment}"`);
  return index + 1;
}
