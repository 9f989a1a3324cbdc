import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { refuseUnknownEnvironments } from '../../../tools/lib/environment-names';
import { UnknownStackError } from '../../../tools/lib/terraform/manifest';

describe('refuseUnknownEnvironments (before anything is synthesized)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'environment-names-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'prod.yaml'), 'name: prod\n');
  fs.writeFileSync(path.join(dir, 'dev.yml'), 'name: dev\n');
  fs.writeFileSync(path.join(dir, 'dev.yaml~'), 'an editor backup\n');

  it('GIVEN names that are not environment files WHEN refused THEN one error names all of them and the environments, sorted', () => {
    expect(() => refuseUnknownEnvironments(['prod', 'qa', 'dev~'], '/', dir)).toThrow(new UnknownStackError('Unknown environments: qa, dev~. Known: dev, prod.'));
  });

  it('GIVEN known names, or none THEN nothing is refused (the files are not validated here: the app does that)', () => {
    expect(() => refuseUnknownEnvironments(['dev', 'prod'], '/', dir)).not.toThrow();
    expect(() => refuseUnknownEnvironments([], '/', path.join(dir, 'missing'))).not.toThrow();
  });

  it('GIVEN a folder that cannot be read THEN the names are left to the app, which reports the folder with the other problems', () => {
    expect(() => refuseUnknownEnvironments(['dev'], '/', path.join(dir, 'missing'))).not.toThrow();
  });

  it('GIVEN no folder WHEN refusing THEN the folder is found as main.ts finds it (BACKUP_ENVIRONMENTS_DIR, relative to the root)', () => {
    const saved = process.env.BACKUP_ENVIRONMENTS_DIR;
    process.env.BACKUP_ENVIRONMENTS_DIR = path.basename(dir);
    try {
      expect(() => refuseUnknownEnvironments(['qa'], path.dirname(dir))).toThrow(/Unknown environment: qa\. Known: dev, prod\./);
    } finally {
      if (saved === undefined) delete process.env.BACKUP_ENVIRONMENTS_DIR;
      else process.env.BACKUP_ENVIRONMENTS_DIR = saved;
    }
  });
});
