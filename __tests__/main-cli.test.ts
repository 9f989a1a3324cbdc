import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLES_DIR } from './support/synth';
import { tempDirMaker } from './support/temp-dirs';
import { typescriptCommand } from '../tools/lib/typescript-command';

/** Temporary folders of this file, removed when it has run. */
const tempDir = tempDirMaker();

const ROOT = path.join(__dirname, '..');

function runMain(environmentsDir: string) {
  const outdir = path.join(tempDir('main-out-'), 'cdktf.out');
  const result = spawnSync(...typescriptCommand(ROOT, 'main.ts'), {
    cwd: ROOT,
    env: { ...process.env, BACKUP_ENVIRONMENTS_DIR: environmentsDir, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  return { ...result, outdir };
}

function brokenCopy(edit: (files: Record<string, string>) => void): string {
  const dir = tempDir('envs-');
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(EXAMPLES_DIR)) files[f] = fs.readFileSync(path.join(EXAMPLES_DIR, f), 'utf8');
  edit(files);
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

describe('main.ts (the cdktf app)', () => {
  it('synthesizes one stack per environment file', () => {
    const { status, outdir } = runMain(EXAMPLES_DIR);
    expect(status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['backup-central', 'dev', 'prod', 'staging']);
  });

  it('reports every problem of every file at once, with file, line, path, rule and value; exits 1; writes nothing', () => {
    // GIVEN an unknown key in prod.yaml and a broken lock rule in backup-central.yaml
    const dir = brokenCopy((files) => {
      files['prod.yaml'] = files['prod.yaml'].replace('lifecycle: { deleteAfterDays: 35 }', 'lifecycle: { deleteAfterDayz: 35 }');
      files['backup-central.yaml'] = files['backup-central.yaml'].replace('changeableForDays: 3', 'changeableForDays: 1');
    });
    // WHEN the app runs
    const { status, stderr, outdir } = runMain(dir);
    // THEN
    expect(status).toBe(1);
    expect(stderr).toContain('2 problems in the environment configuration');
    expect(stderr).toMatch(/prod\.yaml:\d+: plans\[0\]\.rules\[0\]\.lifecycle\.deleteAfterDayz: unknown key "deleteAfterDayz".*\[schema\/invalid\] \(received: 35\)/);
    expect(stderr).toMatch(/backup-central\.yaml:\d+: vaults\[0\]\.lock\.changeableForDays: .*\[vault-lock\/compliance-changeable\] \(received: 1\)/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('reports a YAML alias without its anchor as a problem of its file, without a stack trace (was: a ReferenceError)', () => {
    // GIVEN dev.yaml whose owner tag is an alias of an anchor that does not exist
    const dir = brokenCopy((files) => {
      files['dev.yaml'] = files['dev.yaml'].replace('  owner: app-team-sydney\n', '  owner: *team\n');
    });
    // WHEN the app runs
    const { status, stderr, outdir } = runMain(dir);
    // THEN it exits 1 naming the file, the line, the rule and the alias; no stack trace; nothing written
    expect(status).toBe(1);
    expect(stderr).toMatch(/dev\.yaml:\d+: \(root\): Unresolved alias .* \[yaml\/syntax\] \(received: "\*team"\)/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toMatch(/ReferenceError/);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('names a missing environments folder clearly', () => {
    const { status, stderr } = runMain(path.join(os.tmpdir(), 'does-not-exist-envs'));
    expect(status).toBe(1);
    expect(stderr).toMatch(/does-not-exist-envs: \(root\): the environments directory does not exist/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
