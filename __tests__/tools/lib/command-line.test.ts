import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ConfigError } from '../../../config/problems';
import { CommandError, parseCommandLine, runCommand, UsageError } from '../../../tools/lib/command-line';
import { UnknownStackError } from '../../../tools/lib/terraform/manifest';
import { typescriptCommand } from '../../../tools/lib/typescript-command';

/**
 * The front end of every command in tools/ (tools/lib/command-line.ts): a wrong command line exits 2 with the usage,
 * an expected failure prints its message alone and exits 1, anything else is prefixed with the command, and no
 * failure shows a stack trace.
 */

const ROOT = path.join(__dirname, '..', '..', '..');
const USAGE = 'Usage: npm run demo -- [--json] [--out <dir>]';
const OPTIONS = { json: { type: 'boolean', default: false }, out: { type: 'string' } } as const;

/** Runs `main` through runCommand and returns what the user would see; the test runner's own exit code is left alone. */
async function run(main: () => number | Promise<number>): Promise<{ exitCode: number | string | undefined; stderr: string }> {
  let stderr = '';
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const before = process.exitCode;
  try {
    await runCommand('demo', main);
    return { exitCode: process.exitCode, stderr };
  } finally {
    process.exitCode = before;
    write.mockRestore();
  }
}

describe('parseCommandLine', () => {
  it('GIVEN known options WHEN parsed THEN values are typed and defaulted', () => {
    const { values, positionals } = parseCommandLine(['--out', 'x'], OPTIONS, USAGE);
    expect(values).toEqual({ json: false, out: 'x' });
    expect(positionals).toEqual([]);
  });

  it('GIVEN an unknown option, a missing value or a stray argument WHEN parsed THEN a UsageError names it and carries the usage', () => {
    for (const [argv, problem] of [[['--bogus'], "Unknown option '--bogus'"], [['--out'], "Option '--out <value>' argument missing"], [['extra'], "Unexpected argument 'extra'"]] as const) {
      const parse = () => parseCommandLine(argv, OPTIONS, USAGE);
      expect(parse).toThrow(UsageError);
      expect(parse).toThrow(problem);
      expect(parse).toThrow(`\n\n${USAGE}`);
    }
  });

  it('GIVEN positionals allowed WHEN parsed THEN they are returned in order', () => {
    expect(parseCommandLine(['a', '--json', 'b'], OPTIONS, USAGE, { positionals: true })).toEqual({ values: { json: true }, positionals: ['a', 'b'] });
  });

  it('GIVEN an invalid options object (a bug, not a user mistake) WHEN parsed THEN it is not dressed up as a usage error', () => {
    const parse = () => parseCommandLine([], { bad: { type: 'number' } } as never, USAGE);
    expect(parse).toThrow();
    expect(parse).not.toThrow(UsageError);
  });
});

describe('runCommand', () => {
  it('GIVEN a main that returns a code, sync or async WHEN run THEN that is the exit code and nothing is printed', async () => {
    expect(await run(() => 0)).toEqual({ exitCode: 0, stderr: '' });
    expect(await run(async () => 1)).toEqual({ exitCode: 1, stderr: '' });
  });

  it('GIVEN a wrong command line WHEN run THEN exit 2 with the problem and the usage, no prefix', async () => {
    const result = await run(() => {
      parseCommandLine(['--bogus'], OPTIONS, USAGE);
      return 0;
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`Unknown option '--bogus'\n\n${USAGE}\n`);
  });

  it('GIVEN an expected failure WHEN run THEN exit 1 with its message only', async () => {
    for (const error of [new CommandError('No AWS credentials found.'), new UnknownStackError('Unknown environment: nope.'), new ConfigError([])]) {
      const result = await run(async () => {
        throw error;
      });
      expect(result).toEqual({ exitCode: 1, stderr: `${error.message.trimEnd()}\n` });
    }
  });

  it('GIVEN an unexpected error or a thrown non-error WHEN run THEN exit 1, the message prefixed with the command, no stack trace', async () => {
    const bug = await run(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'dir')");
    });
    expect(bug).toEqual({ exitCode: 1, stderr: "demo: Cannot read properties of undefined (reading 'dir')\n" });
    expect(await run(() => Promise.reject('socket hang up'))).toEqual({ exitCode: 1, stderr: 'demo: socket hang up\n' });
  });

  it('GIVEN `npm run bench -- --bogus` (a tsx subprocess) THEN exit 2 with the usage and no stack trace, before any measurement', () => {
    const result = spawnSync(...typescriptCommand(ROOT, 'tools/bench/main.ts', ['--bogus']), { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^Unknown option '--bogus'/);
    expect(result.stderr).toContain('Usage: npm run bench');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
  });
});
