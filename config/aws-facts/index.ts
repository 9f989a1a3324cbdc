/*
 * The AWS facts ledger: every fact about AWS that a rule, a policy or a test relies on, once, with its source. The
 * page docs/aws-facts.md is generated from it (npm run generate:aws-facts).
 */
export * from './cloudtrail-events';
export * from './data-paths';
export * from './quotas';
export * from './recovery-point-tagging';
export * from './regional-availability';
export * from './resource-types';
export * from './restore-metadata';
export * from './sdk-operations';
export * from './service-linked-roles';
export * from './service-principals';
export * from './sources';
export * from './step-functions-errors';
