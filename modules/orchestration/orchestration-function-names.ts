/* The orchestration functions: their names, which are also their folders under lambda-src/. */

export type OrchestrationFunctionName =
  | 'job-callback' | 'audit-recorder' | 'recovery-point-tagger' | 'restore-planner' | 'restore-validator' | 'restore-cleanup';

export const ORCHESTRATION_FUNCTIONS: readonly OrchestrationFunctionName[] = [
  'job-callback', 'audit-recorder', 'recovery-point-tagger', 'restore-planner', 'restore-validator', 'restore-cleanup',
];
