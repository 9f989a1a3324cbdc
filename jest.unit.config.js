/**
 * `npm run test:unit`: the fast tier for the edit-test loop. The same suites as `npm test` (jest.config.js) minus
 * those listed here, which run terraform, moto, esbuild builds, whole syntheses in child processes or whole
 * simulations. CI runs everything with `npm test`. The list lives here, once: a new slow suite is added here, not to
 * a command line. Paths are relative to __tests__/.
 */
const base = require('./jest.config');

const SLOW_SUITES = {
  // terraform init / validate / plan against the provider mirror
  terraform: [
    'config-properties-terraform.test.ts',
    'examples-terraform.test.ts',
    'modules/backup/backup-region-settings.test.ts',
    'modules/start-api/start-api.test.ts',
    'tools/cli/plan-report.test.ts',
    'tools/cli/synth-hcl.test.ts',
    'tools/lib/terraform/runner.test.ts',
  ],
  // a moto server (Python) per suite
  moto: [
    'lambda-src/integration/',
    'modules/orchestration/event-patterns.test.ts',
    'modules/start-api/start-api-idempotency.test.ts',
  ],
  // esbuild bundles of every function, npm pack + build, or main.ts synthesized in child processes
  builds: [
    'package-consumer.test.ts',
    'lambda-src/bundle-contents.test.ts',
    'modules/functions/function-bundle-cache.test.ts',
    'tools/bench/functions.test.ts',
    'stable-plans.test.ts',
    'main-cli.test.ts',
    'modules/limits/stack-limits.test.ts',
    'tools/cli/validate.test.ts',
    'github-workflows.test.ts',
    'modules/orchestration/orchestration-constructs.test.ts',
  ],
  // commands started as tsx child processes (a few seconds each): covered by npm test
  commands: [
    'modules/security/security-rules.test.ts',
    'tools/generate/catalog.test.ts',
    'tools/generate/diagrams.test.ts',
    'tools/lib/command-line.test.ts',
  ],
  // property tests that synthesize hundreds of generated estates, and the benchmarks' own checks
  volume: [
    'config/config-properties.test.ts',
    'tools/bench/organization.test.ts',
    'tools/bench/transitions.test.ts',
  ],
  // whole simulations: every policy through the IAM simulator, every error through every Task state
  simulations: [
    'iam-simulation.test.ts',
    'data-paths.test.ts',
    'service-trust-simulation.test.ts',
    'modules/orchestration/state-machines/fault-matrix.test.ts',
  ],
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', ...Object.values(SLOW_SUITES).flat().map((suite) => `<rootDir>/__tests__/${escape(suite)}`)],
};
