const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const { SLOW_SUITES } = require('./slow-suites');

const ORDER = Object.values(SLOW_SUITES).flat();
const TESTS_ROOT = path.join(__dirname, '..');

/** Where `testPath` is in SLOW_SUITES (ORDER.length when it is not a slow suite). */
function rank(testPath) {
  const relative = path.relative(TESTS_ROOT, testPath).split(path.sep).join('/');
  const at = ORDER.findIndex((suite) => (suite.endsWith('/') ? relative.startsWith(suite) : relative === suite));
  return at < 0 ? ORDER.length : at;
}

/**
 * The slow suites first, in SLOW_SUITES order, then the others as jest orders them (the last run's times, else file
 * size). Without this, a clean clone (no timing cache) starts the largest files first, and the 70-second
 * examples-terraform suite is a small file.
 */
class SlowSuitesFirst extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const slow = ordered.filter((test) => rank(test.path) < ORDER.length).sort((a, b) => rank(a.path) - rank(b.path));
    return [...slow, ...ordered.filter((test) => rank(test.path) === ORDER.length)];
  }
}

module.exports = SlowSuitesFirst;
