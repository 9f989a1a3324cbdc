/*
 * SSM parameters the stacks publish below an environment's PARAMETER_ROOT and the functions read: one list both
 * sides import (this file imports nothing, so a function bundle pulls in only these names).
 */

/** Parameters the functions read, relative to PARAMETER_ROOT. */
export const FunctionParameter = {
  taskTokenTable: 'orchestration/task-token-table/name',
  auditTable: 'orchestration/audit-table/name',
  idempotencyTable: 'orchestration/idempotency-table/name',
  auditRetentionDays: 'orchestration/audit-retention-days',
  recoveryPointTags: 'tagging/recovery-point-tags',
  plans: 'plans',
  environmentName: 'environment/name',
  /** JSON StartCatalog (start-catalog.ts): what the start endpoint may start; only in the API's region. */
  startCatalog: 'start-api/catalog',
} as const;

/** Where the machines the start API starts and reads are published (relative to PARAMETER_ROOT), by API path segment. */
export const MachineArnParameter = {
  backups: 'orchestration/backup-orchestrator/arn',
  drills: 'orchestration/dr-drill/arn',
} as const;
