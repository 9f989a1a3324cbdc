import { resolve } from 'node:path';

/** The options every generator of committed files takes: `--check` (compare only), `--json`, `--out <dir>`. */
export interface GeneratorOptions {
  readonly check: boolean;
  readonly json: boolean;
  /** Folder the generated paths are relative to. */
  readonly out: string;
}

/** A command line the generator does not understand; the caller prints the message and its usage, exit 2. */
export class UsageError extends Error {}

export function parseGeneratorOptions(argv: readonly string[], defaultOut: string): GeneratorOptions {
  let [check, json, out] = [false, false, defaultOut];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--json') json = true;
    else if (arg === '--out' && argv[i + 1]) out = resolve(argv[++i]);
    else throw new UsageError(`unknown argument "${arg}"`);
  }
  return { check, json, out };
}
