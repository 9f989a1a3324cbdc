/**
 * `npm run test:unit`: the fast tier, for the edit-test loop (under a minute on two cores). The same suites as
 * `npm test` (jest.config.js) minus those that spawn terraform, moto, esbuild bundles or whole syntheses; CI runs
 * everything with `npm test`. The list lives here, once: a new slow suite is added to it, not to a command line.
 */
const base = require('./jest.config');

const SLOW_SUITES = [];

module.exports = { ...base, testPathIgnorePatterns: ['/node_modules/', ...SLOW_SUITES] };
