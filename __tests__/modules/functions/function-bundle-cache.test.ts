import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUNDLE_RECORD } from '../../../modules/functions/function-bundle-cache';
import { writePrebuiltFunctions } from '../../../modules/functions/function-bundle';

/*
 * Bundles in an output folder are reused by a later build only when nothing they were built from changed. A build
 * that reuses leaves the zips untouched (same inode); one that bundles writes them anew (write + rename: a new
 * inode). writePrebuiltFunctions bundles without the in-process cache, like a new process would.
 */
describe('bundles reused across builds', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-cache-'));
  const sourceRoot = path.join(root, 'src');
  const outDir = path.join(root, 'out');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(sourceRoot, file)), { recursive: true });
    fs.writeFileSync(path.join(sourceRoot, file), text);
  };
  /** A build, with the inode of each zip right after it (a later build may replace the file at the same path). */
  const build = () => {
    const bundles = writePrebuiltFunctions(outDir, sourceRoot);
    return Object.assign(bundles, { inodes: new Map([...bundles].map(([fn, code]) => [fn, fs.statSync(code.zipPath).ino])) });
  };

  beforeAll(() => {
    write('shared/greeting.ts', "export const greeting = 'hello';\n");
    write('alpha/index.ts', "import { greeting } from '../shared/greeting';\nexport const handler = async () => `${greeting} alpha`;\n");
    write('beta/index.ts', "export const handler = async () => 'beta';\n");
  });

  it('GIVEN a first build WHEN built again with nothing changed THEN the recorded zips are reused as they are', () => {
    const first = build();
    expect([...first.keys()]).toEqual(['alpha', 'beta']);
    const record = JSON.parse(fs.readFileSync(path.join(outDir, BUNDLE_RECORD), 'utf8'));
    // Every file esbuild read is recorded, the imported module included.
    expect(Object.keys(record.inputs).sort()).toEqual(['alpha/index.ts', 'beta/index.ts', 'shared/greeting.ts']);
    const second = build();
    expect(new Map(second)).toEqual(new Map(first));
    expect(second.inodes.get('alpha')).toBe(first.inodes.get('alpha'));
  });

  it('GIVEN a change to a module a function imports WHEN built THEN it is bundled again, with the new code', () => {
    const before = build();
    write('shared/greeting.ts', "export const greeting = 'hi';\n");
    const after = build();
    expect(after.get('alpha')!.sha256Base64).not.toBe(before.get('alpha')!.sha256Base64);
    expect(after.inodes.get('alpha')).not.toBe(before.inodes.get('alpha'));
    // The other function's bytes do not change, though it was rebuilt with the rest.
    expect(after.get('beta')!.sha256Base64).toBe(before.get('beta')!.sha256Base64);
  });

  it('GIVEN a zip changed on disk WHEN built THEN the recorded bytes are restored by a new bundle', () => {
    const before = build();
    fs.writeFileSync(before.get('beta')!.zipPath, 'not a zip');
    const after = build();
    expect(fs.readFileSync(after.get('beta')!.zipPath).subarray(0, 2).toString()).toBe('PK');
    expect(after.get('beta')!.sha256Base64).toBe(before.get('beta')!.sha256Base64);
  });

  it('GIVEN a tsconfig.json esbuild may read, or a new function folder WHEN built THEN nothing is reused', () => {
    const before = build();
    write('tsconfig.json', '{"compilerOptions":{"target":"ES2022"}}\n');
    const withTsconfig = build();
    expect(withTsconfig.inodes.get('beta')).not.toBe(before.inodes.get('beta'));
    write('gamma/index.ts', "export const handler = async () => 'gamma';\n");
    const withGamma = build();
    expect([...withGamma.keys()]).toEqual(['alpha', 'beta', 'gamma']);
    expect(withGamma.inodes.get('beta')).not.toBe(withTsconfig.inodes.get('beta'));
  });

  it('GIVEN a record that is not JSON WHEN built THEN it bundles and writes a good record', () => {
    fs.writeFileSync(path.join(outDir, BUNDLE_RECORD), '{');
    const built = build();
    expect(built.size).toBe(3);
    expect(JSON.parse(fs.readFileSync(path.join(outDir, BUNDLE_RECORD), 'utf8')).bundles.gamma.file).toBe('gamma.zip');
  });

  it('GIVEN bundles already made in a bundle folder WHEN a package is built from it THEN they are copied unchanged, not bundled again, and the manifest records their bytes', () => {
    // GIVEN the current bundles in outDir (as synth leaves them in .build/functions)
    const made = build();
    const packageDir = path.join(root, 'package-functions');

    // WHEN the package's functions are written from that folder
    const packaged = writePrebuiltFunctions(packageDir, sourceRoot, outDir);

    // THEN nothing was bundled again (the zips in the bundle folder are the same files) and the copies have their bytes
    for (const [fn, code] of made) {
      expect(fs.statSync(code.zipPath).ino).toBe(made.inodes.get(fn));
      expect(packaged.get(fn)).toEqual({ ...code, zipPath: path.join(packageDir, `${fn}.zip`) });
      expect(fs.readFileSync(packaged.get(fn)!.zipPath)).toEqual(fs.readFileSync(code.zipPath));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.functions)).toEqual([...made.keys()]);
    expect(manifest.functions.alpha).toEqual({ file: 'alpha.zip', sha256Base64: made.get('alpha')!.sha256Base64, size: made.get('alpha')!.size });
  });
});
