import { resolve } from 'node:path';
import { parseCommandLine, UsageError } from './command-line';

/** The options every generator of committed files takes: `--check` (compare only), `--json`, `--out <dir>`. */
export interface GeneratorOptions {
  readonly check: boolean;
  readonly json: boolean;
  /** Folder the generated paths are relative to. */
  readonly out: string;
}

export function parseGeneratorOptions(argv: readonly string[], defaultOut: string, usage: string): GeneratorOptions {
  const { values } = parseCommandLine(argv, {
    check: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  }, usage);
  if (values.out === '') throw new UsageError('--out needs a folder', usage);
  return { check: values.check, json: values.json, out: values.out === undefined ? defaultOut : resolve(values.out) };
}
