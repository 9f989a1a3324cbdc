/**
 * The suites that take long, written once: `npm run test:unit` leaves them out (jest.unit.config.js) and `npm test`
 * starts them first (slow-suites-first.js). Groups and the suites in each are listed heaviest first (seconds on
 * 2 cores: docs/testing.md), so that a machine without jest's timing cache (a clean CI clone) does not start a long
 * suite last and leave a core idle at the end. Paths are relative to __tests__/; one ending in "/" is a folder.
 */
const SLOW_SUITES = {
  // tsc --noEmit over the whole project: single-threaded, so it overlaps a test worker instead of running before them
  project: ['typecheck.test.ts'],
  // terraform init / validate / plan against the provider mirror
  terraform: [
    'examples-terraform.test.ts',
    'tools/cli/synth-hcl.test.ts',
    'modules/core/readable-addresses-plan.test.ts',
    'config-properties-terraform.test.ts',
    'tools/cli/plan-report.test.ts',
    'tools/lib/terraform/runner.test.ts',
    'modules/backup/backup-region-settings.test.ts',
    'modules/start-api/start-api.test.ts',
  ],
  // property tests that synthesize hundreds of generated estates, and the benchmarks' own checks
  volume: [
    'config/config-properties.test.ts',
    'tools/bench/organization.test.ts',
    'tools/bench/transitions.test.ts',
  ],
  // esbuild bundles of every function, npm pack + build, or main.ts synthesized in child processes
  builds: [
    'package-consumer.test.ts',
    'main-cli.test.ts',
    'tools/cli/validate.test.ts',
    'modules/orchestration/orchestration-constructs.test.ts',
    'tools/bench/functions.test.ts',
    'lambda-src/bundle-contents.test.ts',
    'github-workflows.test.ts',
    'stable-plans.test.ts',
    'modules/limits/stack-limits.test.ts',
    'modules/functions/function-bundle-cache.test.ts',
  ],
  // commands started as tsx child processes (a few seconds each)
  commands: [
    'tools/generate/diagrams.test.ts',
    'modules/security/security-rules.test.ts',
    'tools/generate/catalog.test.ts',
    'tools/lib/command-line.test.ts',
  ],
  // whole simulations: every policy through the IAM simulator, every error through every Task state
  simulations: [
    'data-paths.test.ts',
    'modules/orchestration/state-machines/fault-matrix.test.ts',
    'iam-simulation.test.ts',
    'service-trust-simulation.test.ts',
  ],
  // a moto server (Python) per suite
  moto: [
    'modules/orchestration/event-patterns.test.ts',
    'lambda-src/integration/',
    'modules/start-api/start-api-idempotency.test.ts',
  ],
};

module.exports = { SLOW_SUITES };
