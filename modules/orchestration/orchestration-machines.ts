import type { Construct } from 'constructs';
import type { PolicyStatement } from '../iam/policy-document';
import { stateMachineName } from '../core/resource-names';
import { DEFAULT_RETRY_POLICY, type BackupOrchestrationProps } from './backup-orchestration-props';
import type { EncryptedTable } from './encrypted-table';
import { grantsFor, keyUseStatements, orchestrationGrantTable, passRoleToBackup } from './orchestration-grants';
import type { OrchestrationFunctionName, OrchestrationFunctions } from './orchestration-functions';
import { OrchestrationStateMachine } from './orchestration-state-machine';
import { backupOrchestratorDefinition } from './state-machines/backup-orchestrator-definition';
import type { OrchestrationResources } from './state-machines/definition-props';
import { drDrillDefinition } from './state-machines/dr-drill-definition';
import { jobRecoveryDefinition } from './state-machines/job-recovery-definition';

/** What the machines use that BackupOrchestration has already created. */
export interface OrchestrationMachineParts {
  /** The orchestration key (log groups, and the tables the machines write). */
  readonly kmsKeyArn: string;
  readonly taskTokenTable: EncryptedTable;
  readonly auditTable: EncryptedTable;
  /** The functions the DR drill invokes. */
  readonly functions: OrchestrationFunctions;
}

/** The machines of one Region; absent where the Region does not get them. */
export interface OrchestrationMachines {
  readonly orchestrator?: OrchestrationStateMachine;
  readonly jobRecovery?: OrchestrationStateMachine;
  readonly drDrill: OrchestrationStateMachine;
}

/**
 * The three machines: the orchestrator where the region has on-demand rules, job recovery where it has plans and
 * recovery is on, the DR drill always. `scope` is the BackupOrchestration itself: the machines' construct ids are
 * part of their Terraform addresses, so they are created directly in it.
 */
export function createOrchestrationMachines(scope: Construct, props: BackupOrchestrationProps, parts: OrchestrationMachineParts): OrchestrationMachines {
  const { provider, location, environmentName: env } = props;
  const { region, partition } = location;
  const { kmsKeyArn, taskTokenTable, auditTable, functions } = parts;
  const functionArn = (name: OrchestrationFunctionName) => functions.get(name).function.arn;
  const resources: OrchestrationResources = {
    partition,
    taskTokenTableName: taskTokenTable.table.name,
    auditTableName: auditTable.table.name,
    topicArn: props.topic.arn,
    callbackTimeoutSeconds: props.callbackTimeoutSeconds,
    maxJobDurationSeconds: props.maxJobDurationSeconds,
    auditRetentionDays: props.auditRetentionDays,
    retry: props.retry ?? DEFAULT_RETRY_POLICY,
  };
  const grantTable = orchestrationGrantTable({
    location,
    vaultNames: props.vaultNames,
    taskTokenTableArn: taskTokenTable.table.arn,
    auditTableArn: auditTable.table.arn,
    topicArn: props.topic.arn,
    drillFunctionArns: (['restore-planner', 'restore-validator', 'restore-cleanup'] as const).map((n) => functionArn(n)),
  });
  const supporting = keyUseStatements(region, kmsKeyArn, props.topic.keyArn);
  const machine = (id: string, name: string, roleSuffix: string, definition: { States: Record<string, unknown> }, extra: PolicyStatement[]) =>
    new OrchestrationStateMachine(scope, id, {
      provider,
      location,
      stateMachineName: name,
      roleName: `${env}-${roleSuffix}-${region}`,
      definition,
      grants: grantsFor(definition, grantTable),
      supportingStatements: [...supporting, ...extra],
      logRetentionDays: props.logRetentionDays,
      kmsKeyArn,
      alarmTopicArn: props.topic.arn,
    });

  let orchestrator: OrchestrationStateMachine | undefined;
  if (props.onDemandRules.length > 0) {
    const definition = backupOrchestratorDefinition({
      ...resources,
      backupRoleArn: props.backupRole.arn,
      rules: props.onDemandRules,
      defaultRuleKey: props.defaultOnDemandRuleKey ?? props.onDemandRules[0].key,
      recoveryPointTags: props.recoveryPointTags,
    });
    orchestrator = machine('orchestrator', stateMachineName(env, 'backup-orchestrator'), 'orchestrator', definition as never, [passRoleToBackup(props.backupRole.arn)]);
  }
  let jobRecovery: OrchestrationStateMachine | undefined;
  if (props.recovery.enabled && props.planIds.length > 0) {
    const definition = jobRecoveryDefinition({
      ...resources,
      backupRoleArn: props.backupRole.arn,
      maxAttempts: props.recovery.maxAttempts,
      initialBackoffSeconds: props.recovery.initialBackoffSeconds,
      recoveryPointTags: props.recoveryPointTags,
    });
    jobRecovery = machine('job-recovery', stateMachineName(env, 'job-recovery'), 'recovery', definition as never, [passRoleToBackup(props.backupRole.arn)]);
  }
  const drillDefinition = drDrillDefinition({
    ...resources,
    restoreRoleArn: props.restoreRole.arn,
    restorePlannerFunctionArn: functionArn('restore-planner'),
    restoreValidatorFunctionArn: functionArn('restore-validator'),
    restoreCleanupFunctionArn: functionArn('restore-cleanup'),
  });
  const drDrill = machine('dr-drill', stateMachineName(env, 'dr-drill'), 'drill', drillDefinition as never, [passRoleToBackup(props.restoreRole.arn)]);
  return { orchestrator, jobRecovery, drDrill };
}
