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
} as const;
