import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleFunctions, FunctionBundle } from '../../../tools/bench/function-bundles';
import { lambdaDummyEnv } from '../../../tools/bench/lambda-dummy-env';
import { probeModuleScope } from '../../../tools/bench/module-load';

/*
 * Every function bundle loads in a fresh node process with the environment Lambda gives it (dummy values): the
 * module scope throws nothing, exports a handler, and does no I/O. No timing here.
 */

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-functions-test-'));
let bundles: FunctionBundle[] = [];

beforeAll(() => {
  bundles = bundleFunctions(path.join(__dirname, '..', '..', '..', 'lambda-src'), workDir);
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

it('bundles every function folder of lambda-src, each with its entry module and the packages its metafile names', () => {
  const folders = fs.readdirSync(path.join(__dirname, '..', '..', '..', 'lambda-src')).filter((d) => fs.existsSync(path.join(__dirname, '..', '..', '..', 'lambda-src', d, 'index.ts')));
  expect(bundles.map((b) => b.name).sort()).toEqual(folders.sort());
  for (const b of bundles) {
    expect(fs.existsSync(b.entryPath)).toBe(true);
    expect(b.packages.map((p) => p.name)).toContain('lambda-src');
    expect(b.coldStartBytes).toBeGreaterThan(0);
    expect(b.coldStartBytes).toBeLessThanOrEqual(b.unzippedBytes);
  }
});

it('each bundle loads in a child node with the dummy Lambda environment: no throw, a handler, no network, no files, no open handles', () => {
  const home = path.join(workDir, 'home');
  fs.mkdirSync(home, { recursive: true });
  for (const bundle of bundles) {
    const report = probeModuleScope(bundle.entryPath, lambdaDummyEnv(bundle.name, path.dirname(bundle.entryPath), home));
    expect({ name: bundle.name, ...report }).toEqual({
      name: bundle.name, loaded: true, handlerType: 'function', network: [], files: [], openHandles: [], asyncErrors: [], printed: '',
    });
  }
});

it('the probe does see module-scope I/O: a connect at load is blocked and reported, a file read is reported', () => {
  const moduleAt = (name: string, code: string) => {
    const file = path.join(workDir, name, 'index.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${code}\nexports.handler = async () => 1;\n`);
    return probeModuleScope(file, lambdaDummyEnv(name, path.dirname(file), workDir));
  };
  const connecting = moduleAt('connecting', "require('net').connect(443, '192.0.2.1').on('error', () => {});");
  expect(connecting.loaded).toBe(false);
  expect(connecting.network).toHaveLength(1);
  expect(connecting.error).toMatch(/network blocked/);
  const reading = moduleAt('reading', "require('fs').readFileSync(__filename);");
  expect(reading.loaded).toBe(true);
  expect(reading.files).toEqual([]);
  const readingOther = moduleAt('reading-other', "require('fs').existsSync(__dirname + '/settings.json');");
  expect(readingOther.files).toEqual([`existsSync ${path.join(workDir, 'reading-other', 'settings.json')}`]);
});
