import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { examples, lineContaining, type EnvironmentSet } from '../../support/environment-fixtures';
import { tempDirMaker } from '../../support/temp-dirs';
import { typescriptCommand } from '../../../tools/lib/typescript-command';

/*
 * `npm run validate` as users run it (a child process), and every command that reads environments against a folder
 * with file-system oddities: a message and exit 1, never a stack trace.
 */

const ROOT = path.join(__dirname, '..', '..', '..');
const EXAMPLES_DIR = path.join(ROOT, '__tests__', 'fixtures', 'environments');
const tempDir = tempDirMaker();

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without blocking, so that a test can run several at once. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    // BACKUP_ENVIRONMENTS_DIR from the caller's shell must not leak into a test that expects the default.
    const child = spawn(command, args, { cwd, env: { ...process.env, BACKUP_ENVIRONMENTS_DIR: undefined, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const validate = (args: readonly string[], env?: NodeJS.ProcessEnv, cwd?: string) => run(...typescriptCommand(ROOT, path.join(ROOT, 'tools', 'cli', 'validate.ts'), args), env, cwd);

function writeSet(set: EnvironmentSet, odd: (dir: string) => void = () => undefined): string {
  const dir = tempDir('validate-');
  for (const { file, text } of set.sources()) fs.writeFileSync(path.join(dir, path.basename(file)), text);
  odd(dir);
  return dir;
}

/** prod.yaml with an unknown key (a schema problem on a known line). */
const brokenSet = () => examples().replace('prod', 'lifecycle: { deleteAfterDays: 35 }', 'lifecycle: { deleteAfterDayz: 35 }');
const BROKEN_LINE = lineContaining(brokenSet().text('prod'), 'deleteAfterDayz');
/** The one warning of the examples: prod copies RDS recovery points (which keep their resources' keys) to another account. */
const PROD_WARNING = /^warning: \S*prod\.yaml:\d+: plans\[1\]\.rules\[0\]\.copyTo\[0\]: RDS recovery points keep the key of the resource they come from: .* \[copy\/source-resource-key\] \(received: \["RDS"\]\)$/m;
const prodWarningJson = (file: unknown) => ({
  file, line: expect.any(Number), path: 'plans[1].rules[0].copyTo[0]', pathSegments: ['plans', 1, 'rules', 0, 'copyTo', 0],
  rule: 'copy/source-resource-key', message: expect.stringContaining('RDS recovery points keep the key'), received: ['RDS'],
});

describe('npm run validate', () => {
  it('GIVEN the example estate (from BACKUP_ENVIRONMENTS_DIR, or the default folder) WHEN validated THEN exit 0 and the ok line', async () => {
    // WHEN
    const [fromEnv, fromDefault] = await Promise.all([validate([], { BACKUP_ENVIRONMENTS_DIR: EXAMPLES_DIR }),
      // the default folder is ./environments of the working directory: the fixtures' parent stands for the project
      validate([], {}, path.dirname(EXAMPLES_DIR))]);
    // THEN
    for (const result of [fromEnv, fromDefault]) {
      // AND prod's copy of RDS databases to another account is a warning (their own keys must be shared), not a problem
      expect(result).toEqual({ status: 0, stdout: 'ok: 4 environments (backup-central, dev, prod, staging)\n', stderr: expect.stringMatching(PROD_WARNING) });
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('GIVEN a schema problem and an editor backup WHEN validated (the folder as argument overrides BACKUP_ENVIRONMENTS_DIR) THEN exit 1 with file:line, and a note on stderr', async () => {
    // GIVEN
    const dir = writeSet(brokenSet(), (d) => fs.writeFileSync(path.join(d, 'prod.yaml~'), 'name: prod\n'));
    // WHEN
    const result = await validate([dir], { BACKUP_ENVIRONMENTS_DIR: EXAMPLES_DIR });
    // THEN
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`note: ignored ${path.join(dir, 'prod.yaml~')}: editor backup file\n`);
    expect(result.stderr).toContain('1 problem in the environment configuration:\n');
    expect(result.stderr).toMatch(new RegExp(`  - ${path.join(dir, 'prod.yaml')}:${BROKEN_LINE}: plans\\[0\\]\\.rules\\[0\\]\\.lifecycle\\.deleteAfterDayz: unknown key "deleteAfterDayz".* \\[schema/invalid\\] \\(received: 35\\)`));
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('GIVEN --json WHEN validated (directly, and through npm run --silent) THEN stdout is one JSON document with every field', async () => {
    // GIVEN a schema problem, a dangling link and an editor backup
    const dir = writeSet(brokenSet(), (d) => {
      fs.symlinkSync('nowhere.yaml', path.join(d, 'gone.yaml'));
      fs.writeFileSync(path.join(d, 'prod.yaml~'), 'name: prod\n');
    });
    // WHEN
    const [broken, viaNpm, valid] = await Promise.all([
      validate([dir, '--json']),
      run('npm', ['run', '--silent', 'validate', '--', '--json', dir]),
      validate(['--json', EXAMPLES_DIR]),
    ]);
    // THEN
    expect(broken.status).toBe(1);
    expect(viaNpm.status).toBe(1);
    expect(viaNpm.stdout).toBe(broken.stdout);
    expect(JSON.parse(broken.stdout)).toEqual({
      ok: false,
      environments: [],
      problems: [
        {
          file: path.join(dir, 'gone.yaml'), line: null, path: '(root)', pathSegments: [], rule: 'environment/file',
          message: 'a symbolic link to "nowhere.yaml", which does not exist (fix or remove the link)', received: 'nowhere.yaml',
        },
        {
          file: path.join(dir, 'prod.yaml'), line: BROKEN_LINE, path: 'plans[0].rules[0].lifecycle.deleteAfterDayz',
          pathSegments: ['plans', 0, 'rules', 0, 'lifecycle', 'deleteAfterDayz'], rule: 'schema/invalid',
          message: expect.stringContaining('unknown key "deleteAfterDayz"'), received: 35,
        },
      ],
      ignored: [{ file: path.join(dir, 'prod.yaml~'), reason: 'editor backup file' }],
      // the rest of prod is still checked: its warning is there too
      warnings: [prodWarningJson(path.join(dir, 'prod.yaml'))],
    });
    // AND notes and warnings go to stderr, never into the JSON's stream
    expect(broken.stderr).toMatch(new RegExp(`^note: ignored ${path.join(dir, 'prod.yaml~').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: editor backup file\n`));
    expect(broken.stderr).toMatch(PROD_WARNING);
    expect(valid.status).toBe(0);
    expect(JSON.parse(valid.stdout)).toEqual({
      ok: true, environments: ['backup-central', 'dev', 'prod', 'staging'], problems: [], ignored: [], warnings: [prodWarningJson(expect.stringMatching(/prod\.yaml$/))],
    });
  });

  it('GIVEN an unknown flag or two folders WHEN run THEN exit 2 with the usage, and nothing on stdout', async () => {
    // WHEN
    const [flag, folders] = await Promise.all([validate(['--jsn']), validate([EXAMPLES_DIR, EXAMPLES_DIR])]);
    // THEN
    for (const result of [flag, folders]) {
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Usage: npm run validate [-- <dir>] [--json]');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
    expect(flag.stderr).toContain("Unknown option '--jsn'");
    expect(folders.stderr).toContain('Name at most one folder of environment files; got 2.');
  });
});

describe('commands that read environments, against file-system oddities', () => {
  it('GIVEN a dangling link, a directory named x.yaml and a Latin-1 file WHEN main.ts, check and validate run at once THEN each exits 1 with the three problems and no stack trace; main.ts writes nothing', async () => {
    // GIVEN
    const dir = writeSet(examples(), (d) => {
      fs.symlinkSync('nowhere.yaml', path.join(d, 'gone.yaml'));
      fs.mkdirSync(path.join(d, 'x.yaml'));
      fs.writeFileSync(path.join(d, 'latin.yaml'), Buffer.from('name: latin\n# café\n', 'latin1'));
    });
    const outdir = path.join(tempDir('validate-out-'), 'cdktf.out');
    const env = { BACKUP_ENVIRONMENTS_DIR: dir, CDKTF_OUTDIR: outdir };

    // WHEN
    const results = await Promise.all([run(...typescriptCommand(ROOT, 'main.ts'), env), run(...typescriptCommand(ROOT, 'tools/cli/check.ts'), env), validate([], env)]);

    // THEN
    for (const result of results) {
      expect(result.status).toBe(1);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).toContain('3 problems in the environment configuration:');
      expect(result.stderr).toContain(`${path.join(dir, 'gone.yaml')}: (root): a symbolic link to "nowhere.yaml", which does not exist`);
      expect(result.stderr).toContain(`${path.join(dir, 'x.yaml')}: (root): a directory named like an environment file`);
      expect(result.stderr).toContain(`${path.join(dir, 'latin.yaml')}:2: (root): the file is not valid UTF-8: byte 0xE9 at offset 17 (line 2)`);
    }
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
