import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCatalog } from '../../../tools/generate/catalog';
import { staleGeneratedFiles } from '../../../tools/generate/index';
import { runDiagrams } from '../../../tools/generate/diagrams';
import { EXAMPLES_DIR } from '../../support/synth';

/*
 * `npm run check:generated` on a copy of the project's generated files: current after generation, and each file a
 * change of the estate makes stale is named with the command that regenerates it.
 */

const ROOT = path.join(__dirname, '..', '..', '..');

function copyOfEstate(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'estate-'));
  for (const f of fs.readdirSync(EXAMPLES_DIR)) fs.copyFileSync(path.join(EXAMPLES_DIR, f), path.join(dir, f));
  return dir;
}

function generatedFrom(estate: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-'));
  fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(root, 'README.md'));
  runDiagrams(estate, { check: false, out: root });
  runCatalog({ out: path.join(root, 'catalog'), check: false, json: false, environmentsDir: estate });
  return root;
}

describe('npm run check:generated', () => {
  it('GIVEN files generated from the estate WHEN checked THEN nothing is stale', () => {
    const estate = copyOfEstate();
    expect(staleGeneratedFiles(estate, generatedFrom(estate))).toEqual([]);
  });

  it('GIVEN a renamed vault and an old schema copy WHEN checked THEN the estate docs, the catalog and the schema are stale, with their commands', () => {
    // GIVEN files generated from the estate
    const estate = copyOfEstate();
    const root = generatedFrom(estate);
    // WHEN the estate changes afterwards: prod's primary vault gets another name, and the schema copy is old
    const prod = path.join(estate, 'prod.yaml');
    const text = fs.readFileSync(prod, 'utf8');
    expect(text).toContain('prod-primary');
    fs.writeFileSync(prod, text.replaceAll('prod-primary', 'prod-main'));
    fs.writeFileSync(path.join(estate, 'environment.schema.json'), '{}\n');
    // THEN
    const stale = staleGeneratedFiles(estate, root);
    expect(stale).toEqual(expect.arrayContaining([
      { path: 'docs/estate.md', regenerate: 'npm run diagrams' },
      { path: 'catalog/prod.yaml', regenerate: 'npm run catalog' },
      { path: expect.stringMatching(/environment\.schema\.json$/), regenerate: 'npm run schema' },
    ]));
    expect(stale.map((f) => f.path)).not.toContain('catalog/dev.yaml');
  });
});
