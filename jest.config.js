/**
 * Tests are TypeScript compiled by ts-jest in transpile-only mode (tsconfig isolatedModules: true); type checking is
 * its own step (`tsc --noEmit`, first in `npm test`).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
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
