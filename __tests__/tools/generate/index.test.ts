import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCatalog } from '../../../tools/generate/catalog';
import { runDiagrams } from '../../../tools/generate/diagrams';
import { GENERATORS, selectGenerators, staleGeneratedFiles } from '../../../tools/generate/index';
import { environmentJsonSchema } from '../../../tools/generate/schema';
import { EXAMPLES_DIR } from '../../support/synth';
import { tempDirMaker } from '../../support/temp-dirs';

/** Temporary folders of this file, removed when it has run. */
const tempDir = tempDirMaker();

/*
 * `npm run generate [-- --check] [--project | --estate]` on a copy of the project's generated files: current after
 * generation, and each file a change makes stale is named with the command that regenerates it.
 */

const ROOT = path.join(__dirname, '..', '..', '..');

function copyOfEstate(): string {
  const dir = tempDir('estate-');
  for (const f of fs.readdirSync(EXAMPLES_DIR)) fs.copyFileSync(path.join(EXAMPLES_DIR, f), path.join(dir, f));
  return dir;
}

function generatedFrom(estate: string): string {
  const root = tempDir('generated-');
  fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(root, 'README.md'));
  runDiagrams(estate, { check: false, out: root });
  runCatalog({ out: path.join(root, 'catalog'), check: false, json: false, environmentsDir: estate });
  return root;
}

describe('npm run generate: which generator derives from what', () => {
  it('GIVEN the generators WHEN split THEN only the diagrams and the catalog depend on the estate, so npm test (--project) never reads environments/', () => {
    expect(selectGenerators('estate').map((g) => g.name)).toEqual(['diagrams', 'catalog']);
    expect(selectGenerators('project').map((g) => g.name)).toEqual(['schema', 'openapi', 'managed-actions', 'aws-facts', 'faults', 'docs']);
    expect(new Set(GENERATORS.map((g) => g.name)).size).toBe(GENERATORS.length);
  });

  it('GIVEN an unknown generator name WHEN selected THEN it is a usage error naming the known ones', () => {
    expect(() => selectGenerators(undefined, ['nope'])).toThrow(/unknown generator: nope; known: schema, openapi/);
  });
});

describe('npm run generate -- --check --estate', () => {
  it('GIVEN files generated from the estate WHEN checked THEN nothing is stale', async () => {
    const estate = copyOfEstate();
    await expect(staleGeneratedFiles({ environmentsDir: estate, root: generatedFrom(estate), derivedFrom: 'estate' })).resolves.toEqual([]);
  });

  it('GIVEN a renamed vault WHEN checked THEN the estate docs and the changed catalog file are stale, with their commands', async () => {
    // GIVEN files generated from the estate
    const estate = copyOfEstate();
    const root = generatedFrom(estate);
    // WHEN the estate changes afterwards: prod's primary vault gets another name
    const prod = path.join(estate, 'prod.yaml');
    const text = fs.readFileSync(prod, 'utf8');
    expect(text).toContain('prod-primary');
    fs.writeFileSync(prod, text.replaceAll('prod-primary', 'prod-main'));
    // THEN
    const stale = await staleGeneratedFiles({ environmentsDir: estate, root, derivedFrom: 'estate' });
    expect(stale).toEqual(expect.arrayContaining([
      { path: 'docs/estate.md', regenerate: 'npm run diagrams' },
      { path: 'catalog/prod.yaml', regenerate: 'npm run catalog' },
    ]));
    expect(stale.map((f) => f.path)).not.toContain('catalog/dev.yaml');
  });
});

describe('npm run generate -- --check --project', () => {
  it('GIVEN an old schema copy WHEN the schema generator checks THEN that copy is stale, with its command, and the current one is not', async () => {
    const root = tempDir('generated-');
    fs.mkdirSync(path.join(root, 'environments'));
    fs.mkdirSync(path.join(root, '__tests__', 'fixtures', 'environments'), { recursive: true });
    fs.writeFileSync(path.join(root, 'environments', 'environment.schema.json'), '{}\n');
    fs.writeFileSync(path.join(root, '__tests__', 'fixtures', 'environments', 'environment.schema.json'), environmentJsonSchema());
    await expect(staleGeneratedFiles({ root, derivedFrom: 'project', names: ['schema'] }))
      .resolves.toEqual([{ path: 'environments/environment.schema.json', regenerate: 'npm run schema' }]);
  });
});

describe('the files derived from the project\'s code, as committed', () => {
  /*
   * The fault matrix's document is checked where the matrix is run for its own assertions (fault-matrix.test.ts, "is
   * current"): the matrix runs every state machine through every error, and running it a second time here would
   * give the same rows.
   */
  const CHECKED_WITH_THEIR_TESTS = ['faults'];

  it('GIVEN the committed schema, docs, OpenAPI, managed-policy actions and AWS facts WHEN every other project generator checks them THEN none is stale (a stale one is named with the command that regenerates it)', async () => {
    const names = selectGenerators('project').map((g) => g.name).filter((name) => !CHECKED_WITH_THEIR_TESTS.includes(name));
    expect(names).toEqual(['schema', 'openapi', 'managed-actions', 'aws-facts', 'docs']);
    await expect(staleGeneratedFiles({ derivedFrom: 'project', names })).resolves.toEqual([]);
  }, 120_000);

  it('GIVEN the generators left to their own tests THEN each is still a project generator (npm run generate -- --check runs it)', () => {
    expect(selectGenerators('project', CHECKED_WITH_THEIR_TESTS).map((g) => g.name)).toEqual(CHECKED_WITH_THEIR_TESTS);
  });
});
