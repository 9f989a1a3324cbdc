/**
 * The front end every command in tools/ shares, so that all of them read arguments and fail the same way.
 *
 * Policy: users see messages, never stack traces.
 * - a wrong command line ({@link UsageError}): the message (with the usage when there is one), exit 2;
 * - an expected failure (an error class in {@link EXPECTED}): the message alone, exit 1;
 * - anything else (a bug, a network error...): `<command>: <message>`, exit 1; the prefix says which command broke.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../../config/problems';
import { CatalogError } from './catalog/errors';
import { HclConversionError } from './hcl/json-to-hcl';
import { TerraformError } from './terraform/errors';
import { UnknownStackError } from './terraform/manifest';
import { SynthError } from './terraform/synth';

/** A command line the command does not understand: exit 2. */
export class UsageError extends Error {
  constructor(problem: string, usage?: string) {
    super(usage === undefined ? problem : `${problem}\n\n${usage}`);
    this.name = 'UsageError';
  }
}

/** An expected failure whose message says all the user needs (no credentials, a bad input file...): exit 1. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Failures that are the user's to fix, not bugs: their messages are written for users, so they need no prefix. */
const EXPECTED = [UsageError, CommandError, ConfigError, SynthError, UnknownStackError, CatalogError, HclConversionError, TerraformError];

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` in strict mode; a command line it refuses is a {@link UsageError} carrying the usage. */
export function parseCommandLine<const O extends Options>(argv: readonly string[], options: O, usage: string, { positionals = false } = {}) {
  try {
    const parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: positionals });
    return { values: parsed.values, positionals: parsed.positionals as string[] };
  } catch (error) {
    // Only the user's mistakes; an invalid `options` object is a bug and stays one.
    if (!String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) throw error;
    throw new UsageError((error as Error).message, usage);
  }
}

/** Runs a command's `main` and applies the policy above; `main`'s result is the exit code. */
export function runCommand(name: string, main: () => number | Promise<number>): Promise<void> {
  return Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const expected = EXPECTED.some((type) => error instanceof type);
        process.stderr.write(`${expected ? '' : `${name}: `}${message.trimEnd()}\n`);
        process.exitCode = error instanceof UsageError ? 2 : 1;
      },
    );
}
