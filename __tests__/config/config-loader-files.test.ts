import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readEnvironmentFiles, type ReadEnvironmentFilesOptions } from '../../config/environment-files';
import { loadEnvironments, loadEnvironmentsWithNotes, parseEnvironments } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { examples, lineContaining, summarize, type EnvironmentSet, type ProblemSummary } from '../support/environment-fixtures';
import { tempDirMaker } from '../support/temp-dirs';

/*
 * What the loader makes of everything a folder of environment files can hold besides environment files: each entry
 * ends as an environment, a problem reported with every other file's problems, or a note that it was left out on
 * purpose; never as a file-system exception.
 */

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const tempDir = tempDirMaker();

/** The example texts, written as `<dir>/<name>.yaml`. */
function writeSet(set: EnvironmentSet, dir: string): string {
  for (const { file, text } of set.sources()) fs.writeFileSync(path.join(dir, path.basename(file)), text);
  return dir;
}

/** A folder with the four valid example files, then `odd` applied to it. */
function estate(odd: (dir: string) => void = () => undefined, set: EnvironmentSet = examples()): string {
  const dir = writeSet(set, tempDir('env-files-'));
  odd(dir);
  return dir;
}

function configErrorOf(directory: string, options?: ReadEnvironmentFilesOptions): ConfigError {
  try {
    // With a reader injected, the same two steps as loadEnvironments.
    if (options) parseEnvironments(readEnvironmentFiles(directory, options).sources);
    else loadEnvironments(directory);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${directory}, but the folder loaded`);
}

const PROD_TEXT = examples().text('prod');

/** A problem of the whole file (no path inside it), as summarize shows it. */
const fileProblem = (file: string, rule: string, message: string, received: unknown, line?: number): ProblemSummary =>
  ({ rule, file, path: '(root)', message, received, line });

describe('entries of the environments folder that are left out on purpose', () => {
  it('GIVEN a valid estate beside editor leftovers, hidden files, other files and a link to a valid file WHEN loaded THEN the four environments load and each leftover is one note', () => {
    // GIVEN
    const elsewhere = tempDir('env-files-target-');
    fs.writeFileSync(path.join(elsewhere, 'real-prod.yaml'), PROD_TEXT);
    const dir = estate((d) => {
      fs.rmSync(path.join(d, 'prod.yaml'));
      fs.symlinkSync(path.join(elsewhere, 'real-prod.yaml'), path.join(d, 'prod.yaml'));
      for (const name of ['.DS_Store', '.gitkeep', '.old-prod.yaml', '.prod.yaml.swp', 'prod.yaml~', '#prod.yaml#', 'prod.yaml.bak', 'prod.yaml.orig', 'prod.yaml.rej', 'prod.yaml.disabled', 'README.md', 'environment.schema.json']) {
        fs.writeFileSync(path.join(d, name), name.endsWith('.json') ? '{}' : 'name: prod\n');
      }
      // emacs' lock file is a link to user@host.pid that never exists.
      fs.symlinkSync('root@build-host.4242:1700000000', path.join(d, '.#prod.yaml'));
      fs.mkdirSync(path.join(d, 'archive'));
    });

    // WHEN
    const { environments, ignored } = loadEnvironmentsWithNotes(dir);

    // THEN
    expect(environments.map((e) => e.name)).toEqual(['backup-central', 'dev', 'prod', 'staging']);
    const at = (name: string) => path.join(dir, name);
    // README.md, the schema, .DS_Store, .gitkeep and a folder not named like a config file need no note.
    expect(ignored).toEqual([
      { file: at('#prod.yaml#'), reason: 'emacs auto-save file' },
      { file: at('.#prod.yaml'), reason: 'emacs lock file (hidden)' },
      { file: at('.old-prod.yaml'), reason: 'hidden file' },
      { file: at('.prod.yaml.swp'), reason: 'vim swap file (hidden)' },
      { file: at('prod.yaml.bak'), reason: 'backup file' },
      { file: at('prod.yaml.disabled'), reason: 'not a .yaml/.yml file (only <name>.yaml and <name>.yml are environments)' },
      { file: at('prod.yaml.orig'), reason: 'merge or patch leftover (.orig)' },
      { file: at('prod.yaml.rej'), reason: 'rejected patch hunk (.rej)' },
      { file: at('prod.yaml~'), reason: 'editor backup file' },
    ]);
    // AND loadEnvironments, which many callers use, gives the same environments
    expect(loadEnvironments(dir).map((e) => e.name)).toEqual(['backup-central', 'dev', 'prod', 'staging']);
  });
});

describe('an environment entry that cannot be read as text is one problem of its file', () => {
  const latin1 = Buffer.concat([Buffer.from('# prod\n'), Buffer.from('# café\n', 'latin1'), Buffer.from(PROD_TEXT)]);
  const utf16le = Buffer.from(`\ufeff${PROD_TEXT}`, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();

  // Each case replaces prod.yaml; backup-central accepts copies from prod by name, so a single problem also proves
  // that the unreadable file's name does not cascade into other files' references.
  const CASES: readonly { title: string; odd: (prod: string) => void; file?: string; expected: (file: string) => ProblemSummary }[] = [
    {
      title: 'prod.YAML (extension in capitals)',
      odd: (prod) => fs.renameSync(prod, prod.replace(/\.yaml$/, '.YAML')),
      file: 'prod.YAML',
      expected: (file) => fileProblem(file, 'environment/file-name', 'the extension ".YAML" must be lowercase: rename the file to prod.yaml (only *.yaml and *.yml files are environments)', 'prod.YAML'),
    },
    {
      title: 'prod.Yml (extension in mixed case)',
      odd: (prod) => fs.renameSync(prod, prod.replace(/\.yaml$/, '.Yml')),
      file: 'prod.Yml',
      expected: (file) => fileProblem(file, 'environment/file-name', 'the extension ".Yml" must be lowercase: rename the file to prod.yml (only *.yaml and *.yml files are environments)', 'prod.Yml'),
    },
    {
      title: 'a directory named prod.yaml',
      odd: (prod) => {
        fs.rmSync(prod);
        fs.mkdirSync(prod);
        fs.writeFileSync(path.join(prod, 'prod.yaml'), PROD_TEXT);
      },
      expected: (file) => fileProblem(file, 'environment/file', 'a directory named like an environment file: environments are YAML files (rename or move the directory)', undefined),
    },
    {
      title: 'a dangling symbolic link',
      odd: (prod) => {
        fs.rmSync(prod);
        fs.symlinkSync('../moved-away/prod.yaml', prod);
      },
      expected: (file) => fileProblem(file, 'environment/file', 'a symbolic link to "../moved-away/prod.yaml", which does not exist (fix or remove the link)', '../moved-away/prod.yaml'),
    },
    {
      title: 'a symbolic link loop',
      odd: (prod) => {
        fs.rmSync(prod);
        fs.symlinkSync('prod.link', prod);
        fs.symlinkSync('prod.yaml', path.join(path.dirname(prod), 'prod.link'));
      },
      expected: (file) => fileProblem(file, 'environment/file', 'a symbolic link loop: it points to "prod.link", which leads back to it (too many levels of symbolic links, ELOOP)', 'prod.link'),
    },
    {
      title: 'Latin-1 text (not UTF-8)',
      odd: (prod) => fs.writeFileSync(prod, latin1),
      // "# prod\n" is 7 bytes, "# caf" 5 more: é is byte 12, on line 2.
      expected: (file) => fileProblem(file, 'environment/file', 'the file is not valid UTF-8: byte 0xE9 at offset 12 (line 2) is not part of a UTF-8 character; save the file as UTF-8', '0xE9', 2),
    },
    {
      title: 'UTF-16 little-endian with its byte order mark',
      odd: (prod) => fs.writeFileSync(prod, utf16le),
      expected: (file) => fileProblem(file, 'environment/file', 'the file is UTF-16 (little-endian, byte order mark FF FE): save it as UTF-8', 'FF FE'),
    },
    {
      title: 'UTF-16 big-endian with its byte order mark',
      odd: (prod) => fs.writeFileSync(prod, utf16be),
      expected: (file) => fileProblem(file, 'environment/file', 'the file is UTF-16 (big-endian, byte order mark FE FF): save it as UTF-8', 'FE FF'),
    },
    {
      title: 'UTF-16 without a byte order mark (NUL bytes)',
      odd: (prod) => fs.writeFileSync(prod, utf16le.subarray(2)),
      expected: (file) => fileProblem(file, 'environment/file', 'the file holds a NUL byte at offset 1 (line 1): a binary file, or UTF-16 without a byte order mark; save it as UTF-8 text', '0x00', 1),
    },
    {
      title: 'a named pipe (reading it would wait forever)',
      odd: (prod) => {
        fs.rmSync(prod);
        execFileSync('mkfifo', [prod]);
      },
      expected: (file) => fileProblem(file, 'environment/file', 'a named pipe (FIFO), not a file: environments are YAML files', undefined),
    },
  ];

  it.each(CASES.map((c) => [c.title, c] as const))('%s: GIVEN it instead of prod.yaml WHEN loaded THEN exactly this problem, and nothing about other files', (_title, c) => {
    // GIVEN
    const dir = estate((d) => c.odd(path.join(d, 'prod.yaml')));
    // WHEN
    const error = configErrorOf(dir);
    // THEN
    const file = path.join(dir, c.file ?? 'prod.yaml');
    expect(error.problems.map(summarize)).toEqual([c.expected(file)]);
    const { line } = c.expected(file);
    expect(error.message).toContain(`  - ${line === undefined ? file : `${file}:${line}`}: (root): ${c.expected(file).message} [${c.expected(file).rule}]`);
  });

  it.each([
    ['EIO', 'EIO: i/o error, read', 'input/output error (EIO)'],
    ['ESTALE (words from Node\'s message)', 'ESTALE: stale file handle, read', 'stale file handle (ESTALE)'],
    ['EWHATEVER (no words known)', 'something odd', 'system error (EWHATEVER)'],
  ])('%s: GIVEN a read that fails with it WHEN loaded THEN the code is said in words', (title, message, words) => {
    // GIVEN a reader that fails for prod.yaml only
    const code = /^E[A-Z]+/.exec(title)![0];
    const dir = estate();
    const readFile = (file: string) => {
      if (path.basename(file) === 'prod.yaml') throw Object.assign(new Error(message), { code });
      return fs.readFileSync(file);
    };
    // WHEN
    const error = configErrorOf(dir, { readFile });
    // THEN
    expect(error.problems.map(summarize)).toEqual([fileProblem(path.join(dir, 'prod.yaml'), 'environment/file', `the file cannot be read: ${words}`, code)]);
  });

  it('GIVEN a file its reader may not read (EACCES, really: loaded as an unprivileged user) and a schema problem in another file WHEN loaded THEN both arrive in ONE ConfigError', () => {
    // GIVEN prod.yaml with mode 000 and an unknown key in staging.yaml
    const set = examples().replace('staging', 'lifecycle: { deleteAfterDays: 14 }', 'lifecycle: { deleteAfterDayz: 14 }');
    const dir = estate((d) => fs.chmodSync(path.join(d, 'prod.yaml'), 0o000), set);
    fs.chmodSync(dir, 0o755);
    // root reads any file whatever its mode: run the loader as nobody (setpriv) when the tests run as root.
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const script = "const { loadEnvironments } = require('./config/load');" +
      'try { loadEnvironments(process.env.LOADER_DIR); process.stdout.write("loaded"); }' +
      'catch (e) { process.stdout.write(JSON.stringify({ name: e.name, problems: e.problems, message: e.message })); }';
    const [command, ...args] = [...asNobody, TSX, '-e', script];

    // WHEN
    const run = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, LOADER_DIR: dir }, encoding: 'utf8' });

    // THEN one ConfigError holds the unreadable file and the other file's schema problem
    expect(run.stderr).toBe('');
    const error = JSON.parse(run.stdout) as ConfigError;
    expect(error.name).toBe('ConfigError');
    expect(error.problems.map(summarize)).toEqual([
      fileProblem(path.join(dir, 'prod.yaml'), 'environment/file', 'the file cannot be read: permission denied (EACCES)', 'EACCES'),
      {
        rule: 'schema/invalid', file: path.join(dir, 'staging.yaml'), path: 'plans[0].rules[0].lifecycle.deleteAfterDayz', message: expect.stringContaining('unknown key "deleteAfterDayz"'),
        received: 14, line: lineContaining(set.text('staging'), 'deleteAfterDayz'),
      },
    ]);
    expect(error.message).toMatch(/^2 problems in the environment configuration:/);
  });

  it('GIVEN several odd entries and a schema problem WHEN loaded THEN every problem is in one ConfigError, in file order', () => {
    // GIVEN a dangling link, a directory named like a file, an unreadable file (injected) and an unknown key
    const set = examples().replace('staging', 'lifecycle: { deleteAfterDays: 14 }', 'lifecycle: { deleteAfterDayz: 14 }');
    const dir = estate((d) => {
      fs.symlinkSync('nowhere.yaml', path.join(d, 'gone.yaml'));
      fs.mkdirSync(path.join(d, 'x.yaml'));
    }, set);
    const readFile = (file: string) => {
      if (path.basename(file) === 'dev.yaml') throw Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' });
      return fs.readFileSync(file);
    };
    // WHEN
    const error = configErrorOf(dir, { readFile });
    // THEN
    expect(error.problems.map((p) => [path.basename(p.file), p.rule])).toEqual([
      ['dev.yaml', 'environment/file'],
      ['gone.yaml', 'environment/file'],
      ['staging.yaml', 'schema/invalid'],
      ['x.yaml', 'environment/file'],
    ]);
  });
});

describe('the environments folder itself (messages as before)', () => {
  it('GIVEN no folder WHEN loaded THEN it says so', () => {
    expect(configErrorOf(path.join(tempDir('env-files-'), 'missing')).problems.map((p) => p.message)).toEqual(['the environments directory does not exist or cannot be read']);
  });

  it('GIVEN a file instead of a folder WHEN loaded THEN the same message', () => {
    const file = path.join(tempDir('env-files-'), 'environments');
    fs.writeFileSync(file, 'name: prod\n');
    expect(configErrorOf(file).problems.map((p) => p.message)).toEqual(['the environments directory does not exist or cannot be read']);
  });

  it('GIVEN an empty folder WHEN loaded THEN no environment files', () => {
    expect(configErrorOf(tempDir('env-files-')).problems.map((p) => p.message)).toEqual(['no environment files (*.yaml) found']);
  });

  it('GIVEN a folder of leftovers only WHEN loaded THEN no environment files, naming what was left out', () => {
    const dir = tempDir('env-files-');
    fs.writeFileSync(path.join(dir, 'prod.yaml~'), PROD_TEXT);
    fs.writeFileSync(path.join(dir, 'README.md'), '# environments\n');
    expect(configErrorOf(dir).problems.map((p) => p.message)).toEqual([`no environment files (*.yaml) found; ignored: ${path.join(dir, 'prod.yaml~')} (editor backup file)`]);
  });
});
