import { buildSync } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inlineSchemaKeys, SDK_SCHEMA_FILE } from '../../../modules/functions/sdk-schema-keys';

/*
 * The bundler rewrites the SDK's schema files (modules/functions/sdk-schema-keys.ts) so that esbuild can drop unused
 * shapes. The rewrite must not change one schema: every schema file of the clients the functions import (and of the
 * SDK's nested clients) is loaded as shipped and as rewritten, and their exports are compared structurally (thunks
 * such as `() => TagList` followed, error classes compared by name, the error registries' maps by content).
 */

const NODE_MODULES = path.join(__dirname, '..', '..', '..', 'node_modules');
const LAMBDA_SRC = path.join(__dirname, '..', '..', '..', 'lambda-src');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/** `@aws-sdk/client-*` packages lambda-src imports. */
function importedClients(): string[] {
  const text = filesUnder(LAMBDA_SRC).filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  return [...new Set([...text.matchAll(/from '@aws-sdk\/(client-[a-z0-9-]+)'/g)].map((m) => m[1]))].sort();
}

function schemaFiles(): string[] {
  const packages = [...importedClients(), 'nested-clients'].map((p) => path.join(NODE_MODULES, '@aws-sdk', p, 'dist-es'));
  return packages.flatMap(filesUnder).filter((f) => SDK_SCHEMA_FILE.test(f)).sort();
}

/** The module's exports, bundled from `contents` as if it were the file at `file` (its imports resolve from there). */
function load(file: string, contents: string): Record<string, unknown> {
  const { outputFiles } = buildSync({
    stdin: { contents, resolveDir: path.dirname(file), sourcefile: file, loader: 'js' },
    bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent',
  });
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, require);
  return module.exports;
}

const isClass = (f: unknown) => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));

/** Where `a` and `b` differ (a path), or undefined when they are structurally equal. */
function difference(a: unknown, b: unknown, at: string, seen: Set<unknown>): string | undefined {
  if (isClass(a) || isClass(b)) return isClass(a) && isClass(b) && (a as { name: string }).name === (b as { name: string }).name ? undefined : at;
  if (typeof a === 'function' && typeof b === 'function') {
    if (a.length !== 0 || b.length !== 0) return a.length === b.length ? undefined : at;
    return difference((a as () => unknown)(), (b as () => unknown)(), `${at}()`, seen);
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? undefined : at;
  if (seen.has(a)) return undefined;
  seen.add(a);
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map)) return at;
    return difference([...a.entries()], [...b.entries()], `${at}<map>`, seen);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return at;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const found = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`, seen);
    if (found) return found;
  }
  return undefined;
}

describe('inlining the SDK schema keys changes no schema', () => {
  const files = schemaFiles();

  it('finds the schema files of every client the functions import', () => {
    for (const client of importedClients()) expect(files.some((f) => f.includes(`${path.sep}${client}${path.sep}`))).toBe(true);
  });

  it.each(files.map((f) => [path.relative(NODE_MODULES, f), f]))('%s: same exports after the rewrite', (_name, file) => {
    const shipped = fs.readFileSync(file, 'utf8');
    const rewritten = inlineSchemaKeys(shipped);
    // The rewrite did something where there is something to do (the computed keys are what blocked tree shaking).
    if (/[{,]\s*\[_\w+\]:/.test(shipped)) expect(rewritten).not.toEqual(shipped);
    const before = load(file, shipped);
    const after = load(file, rewritten);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(difference(before, after, 'exports', new Set())).toBeUndefined();
  });

  it('leaves a key whose constant is not a plain string, and text that is not a computed key, alone', () => {
    const text = 'const _a = "x";\nconst _n = 3;\nexport var S = [{ [_a]: 1, [_n]: 2 }, c ? d[_a]: e];\n';
    expect(inlineSchemaKeys(text)).toBe('const _a = "x";\nconst _n = 3;\nexport var S = [{ "x": 1, [_n]: 2 }, c ? d[_a]: e];\n');
  });
});
