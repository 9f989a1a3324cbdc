/**
 * Tests are TypeScript stripped of types by SWC (@swc/jest), file by file, as tsconfig's isolatedModules allows; type
 * checking is a suite of its own (__tests__/typecheck.test.ts runs `tsc --noEmit`). SWC rather than ts-jest: CI starts
 * from a clean clone, so every run transforms the whole project cold, and SWC does that faster (modules and config,
 * cold: 3.8 s against ts-jest's 6.3 s).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: 'inline' }] },
  testTimeout: 120000,
  // Most suites wait on terraform, esbuild or moto subprocesses: two workers keep both cores busy (jest's default on
  // 2 cores is one).
  maxWorkers: 2,
  // The slow suites first (__tests__/support/slow-suites.js), also where jest has no timing cache yet.
  testSequencer: '<rootDir>/__tests__/support/slow-suites-first.js',
  // aws-local-stepfunctions needs Promise.withResolvers (Node 22+).
  // The tests read their own estate (__tests__/fixtures/environments), never the user's environments/.
  setupFiles: ['<rootDir>/__tests__/support/polyfills.ts', '<rootDir>/__tests__/support/test-estate.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/plain-creation-stacks.ts'],
};
