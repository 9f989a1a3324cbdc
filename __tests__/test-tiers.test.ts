import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * The slow-suite list (__tests__/support/slow-suites.js) drives both tiers: `npm run test:unit` leaves its suites out
 * and `npm test` starts them first. A renamed suite would silently drop out of both, so every entry must name a suite.
 */

const { SLOW_SUITES } = require('./support/slow-suites') as { SLOW_SUITES: Record<string, string[]> };
const SlowSuitesFirst = require('./support/slow-suites-first') as new () => { sort(tests: FakeTest[]): FakeTest[] };
const unitConfig = require('../jest.unit.config') as { testPathIgnorePatterns: string[] };

type FakeTest = { path: string; context: { config: { cache: boolean }; hasteFS: { getSize(file: string): number } } };

const TESTS = __dirname;
const allSuites = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const full = path.join(dir, entry.name);
  if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : allSuites(full);
  return entry.name.endsWith('.test.ts') ? [path.relative(TESTS, full).split(path.sep).join('/')] : [];
});

describe('test tiers', () => {
  it('GIVEN the slow-suite list THEN each entry is a suite (or a folder of suites) that exists', () => {
    const suites = allSuites(TESTS);
    const missing = Object.values(SLOW_SUITES).flat()
      .filter((entry) => !suites.some((suite) => (entry.endsWith('/') ? suite.startsWith(entry) : suite === entry)));
    expect(missing).toEqual([]);
  });

  it('GIVEN the unit tier THEN it leaves out exactly the slow suites, and keeps the others', () => {
    const ignored = (suite: string) => unitConfig.testPathIgnorePatterns.some((pattern) => new RegExp(pattern.replace('<rootDir>', path.dirname(TESTS))).test(path.join(TESTS, suite)));
    const suites = allSuites(TESTS);
    const slow = (suite: string) => Object.values(SLOW_SUITES).flat().some((entry) => (entry.endsWith('/') ? suite.startsWith(entry) : suite === entry));
    expect(suites.filter((suite) => ignored(suite) !== slow(suite))).toEqual([]);
    expect(suites.filter((suite) => !ignored(suite)).length).toBeGreaterThan(20);
  });

  it('GIVEN suites without timing history WHEN npm test orders them THEN the slow ones come first, in list order, then the rest by size', () => {
    const sizes: Record<string, number> = { 'config/schema.test.ts': 10, 'modules/iam/iam-policies.test.ts': 20 };
    const context = { config: { cache: false }, hasteFS: { getSize: (file: string) => sizes[path.relative(TESTS, file)] ?? 1 } };
    const test = (suite: string): FakeTest => ({ path: path.join(TESTS, suite), context });
    const order = new SlowSuitesFirst()
      .sort(['config/schema.test.ts', 'lambda-src/integration/orchestration-end-to-end.test.ts', 'modules/iam/iam-policies.test.ts', 'tools/cli/synth-hcl.test.ts', 'examples-terraform.test.ts'].map(test))
      .map((t) => path.relative(TESTS, t.path));
    expect(order).toEqual(['examples-terraform.test.ts', 'tools/cli/synth-hcl.test.ts', 'lambda-src/integration/orchestration-end-to-end.test.ts', 'modules/iam/iam-policies.test.ts', 'config/schema.test.ts']);
  });
});
