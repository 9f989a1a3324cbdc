/** Terraform helpers for scripts/plan.ts: mirror + CLI config, offline override, credentials, runner. */
export * from './cli-config';
export * from './credentials';
export * from './errors';
export * from './manifest';
export * from './mirror';
export * from './offline-override';
export * from './process';
export * from './require';
export * from './runner';
export * from './synth';
export * from './user-cli-config';
