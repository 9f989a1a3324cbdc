import { App } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments, parseEnvironments } from '../../../config/load';
import { BackupEnvironmentStack } from '../../../modules/estate/backup-environment-stack';
import { readManifest } from '../../../tools/lib/terraform/manifest';
import { CENTRAL_ACCOUNT_ID, CENTRAL_NAME, memberAccountId, memberName, organizationFiles, writeOrganization } from '../../../tools/bench/organization';
import { tempDirMaker } from '../../support/temp-dirs';

/*
 * The benchmark's generated organization (tools/bench/organization.ts) must be an estate the real loader accepts,
 * one stack per account, every member copying to the central account, and the same bytes for the same size: a
 * benchmark that measured an invalid or drifting estate would measure nothing.
 */

const tempDir = tempDirMaker();

describe('the generated organization', () => {
  it.each([1, 3, 12])('of %i member(s) validates with the real loader, as one environment per account', (members) => {
    // GIVEN the files of the organization WHEN the loader reads them
    const sources = [...organizationFiles(members)].map(([file, text]) => ({ file, text }));
    const models = parseEnvironments(sources);
    // THEN the central account and every member, each with three regions and its own account
    expect(models.map((m) => m.name)).toEqual([CENTRAL_NAME, ...Array.from({ length: members }, (_, i) => memberName(i + 1, members))]);
    expect(new Set(models.map((m) => m.accountId)).size).toBe(members + 1);
    for (const model of models) expect(model.regions).toHaveLength(3);
  });

  it('written to a folder, loads with loadEnvironments like environments/ does', () => {
    // GIVEN the organization written to disk
    const dir = tempDir('bench-org-');
    const files = writeOrganization(dir, 5);
    // WHEN the app's loader reads the folder THEN every file validates
    expect(files.map((f) => path.basename(f)).sort()).toEqual(fs.readdirSync(dir).sort());
    expect(loadEnvironments(dir)).toHaveLength(6);
  });

  it('makes every member copy to the central account (compliance and air-gapped vaults)', () => {
    // GIVEN the validated model of a 4-member organization
    const models = parseEnvironments([...organizationFiles(4)].map(([file, text]) => ({ file, text })));
    // WHEN the copy destinations of each member are listed
    const members = models.filter((m) => m.name !== CENTRAL_NAME);
    for (const member of members) {
      const copies = member.plans.flatMap((p) => p.rules.flatMap((r) => r.copies));
      const central = copies.filter((c) => c.destinationAccountId === CENTRAL_ACCOUNT_ID);
      // THEN each reaches both central vaults, and also copies cross-region in its own account
      expect(new Set(central.map((c) => c.destinationVaultName))).toEqual(new Set(['central', 'central-air-gapped']));
      expect(copies.some((c) => c.destinationAccountId === member.accountId && c.destinationRegion !== member.regions[0])).toBe(true);
    }
  });

  it('synthesizes one stack per account (members + the central account)', () => {
    // GIVEN a 2-member organization loaded as main.ts loads it
    const dir = tempDir('bench-org-synth-');
    writeOrganization(path.join(dir, 'environments'), 2);
    const models = loadEnvironments(path.join(dir, 'environments'));
    // WHEN the app synthesizes it
    const outdir = path.join(dir, 'cdktf.out');
    const app = new App({ outdir });
    for (const model of models) new BackupEnvironmentStack(app, model);
    app.synth();
    // THEN the manifest lists N + 1 stacks
    expect(readManifest(outdir).map((s) => s.name).sort()).toEqual([CENTRAL_NAME, memberName(1, 2), memberName(2, 2)].sort());
  });

  it('is deterministic: the same size gives the same bytes, in memory and on disk', () => {
    // GIVEN two generations of the same size
    const first = organizationFiles(7);
    const second = organizationFiles(7);
    // THEN the texts are identical
    expect([...second]).toEqual([...first]);
    // AND so are the files written to two folders
    const [a, b] = [tempDir('bench-org-a-'), tempDir('bench-org-b-')];
    writeOrganization(a, 7);
    writeOrganization(b, 7);
    for (const file of fs.readdirSync(a)) expect(fs.readFileSync(path.join(b, file), 'utf8')).toBe(fs.readFileSync(path.join(a, file), 'utf8'));
  });

  it('derives names and account IDs from the index, sorting by index', () => {
    expect(memberName(7, 100)).toBe('member-007');
    expect(memberName(7, 1000)).toBe('member-0007');
    expect(memberAccountId(7)).toBe('200000000007');
    expect(memberAccountId(7)).not.toBe(CENTRAL_ACCOUNT_ID);
  });

  it('refuses a size that is not a whole number of members, and a folder that already holds environments', () => {
    expect(() => organizationFiles(0)).toThrow(/whole number >= 1/);
    expect(() => organizationFiles(2.5)).toThrow(/whole number >= 1/);
    const dir = tempDir('bench-org-stray-');
    fs.writeFileSync(path.join(dir, 'prod.yaml'), 'name: prod\n');
    expect(() => writeOrganization(dir, 1)).toThrow(/already holds environment files/);
  });
});
