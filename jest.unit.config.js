/**
 * `npm run test:unit`: the fast tier for the edit-test loop. The same suites as `npm test` (jest.config.js) minus
 * the slow ones (__tests__/support/slow-suites.js: terraform, moto, esbuild builds, whole syntheses in child processes
 * or whole simulations). CI runs everything with `npm test`. A new slow suite is added to that list, not to a command
 * line.
 */
const base = require('./jest.config');
const { SLOW_SUITES } = require('./__tests__/support/slow-suites');

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', ...Object.values(SLOW_SUITES).flat().map((suite) => `<rootDir>/__tests__/${escape(suite)}`)],
};
