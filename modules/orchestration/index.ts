/*
 * The orchestration folder: BackupOrchestration (the event-driven automation of one environment in one Region)
 * and the constructs it is made of, with their props; the state machine definitions it deploys
 * (state-machines/, built from the ASL pieces there); the EventBridge patterns its routes use.
 * orchestration-grants.ts and orchestration-machines.ts are BackupOrchestration's own wiring.
 */
export { BackupOrchestration, DEFAULT_RETRY_POLICY, type BackupOrchestrationProps } from './backup-orchestration';
export { OrchestrationFunctions, ORCHESTRATION_FUNCTIONS, type OrchestrationFunctionName, type OrchestrationFunctionsProps } from './orchestration-functions';
export type { FunctionSpec } from './orchestration-function-specs';
export { OrchestrationStateMachine, type ActionGrant, type OrchestrationStateMachineProps } from './orchestration-state-machine';
export { OrchestrationKey, type OrchestrationKeyProps } from './orchestration-key';
export { EncryptedTable, type EncryptedTableProps, type TableIndex } from './encrypted-table';
export { DeadLetterQueue, type DeadLetterQueueProps } from './dead-letter-queue';
export { EventRoute, type EventRouteProps, type EventRouteTarget } from './event-route';
export { DrillSchedule, drillExecutionInput, type DrillScheduleProps } from './drill-schedule';
export {
  allJobChangesPattern, completedRecoveryPointPattern, failedPlanJobPattern, restoreTestingCompletedPattern, terminalJobPattern,
} from './backup-event-patterns';

export { BACKUP_ORCHESTRATOR_MACHINE, backupOrchestratorDefinition } from './state-machines/backup-orchestrator-definition';
export { JOB_RECOVERY_MACHINE, jobRecoveryDefinition, recoveryBackoff } from './state-machines/job-recovery-definition';
export { DR_DRILL_MACHINE, drDrillDefinition } from './state-machines/dr-drill-definition';
export type {
  BackupOrchestratorDefinitionProps, CopyTarget, DrDrillDefinitionProps, JobRecoveryDefinitionProps, OnDemandRule, OrchestrationResources, RetryPolicy,
} from './state-machines/definition-props';
export type { StateMachineDefinition } from './state-machines/asl-types';
