import type { EnvironmentModel } from '../../../config/model';
import { DEFAULT_RETRY_POLICY } from '../../../modules/orchestration/backup-orchestration';
import {
  functionArnOf, lambdaFunctionName, notificationTopicName, orchestrationTableName, stateMachineName, topicArnOf, type StateMachineKind,
} from '../../../modules/core/resource-names';
import { backupOrchestratorDefinition } from '../../../modules/orchestration/state-machines/backup-orchestrator-definition';
import type { OrchestrationResources } from '../../../modules/orchestration/state-machines/definition-props';
import { drDrillDefinition } from '../../../modules/orchestration/state-machines/dr-drill-definition';
import { jobRecoveryDefinition } from '../../../modules/orchestration/state-machines/job-recovery-definition';
import type { StateMachineDefinition } from '../../../modules/orchestration/state-machines/asl-types';

/*
 * The state machine definitions one environment gets in one region, built with the same builders and the same
 * choices as modules/orchestration/backup-orchestration.ts (orchestrator only where the region has plans, job recovery only
 * where it also has recovery on). The stack passes Terraform tokens for its own tables, topic, roles and
 * functions; here they are the names those resources get (modules/core/resource-names.ts), which only show in
 * parameters and in the labels of Lambda tasks.
 * __tests__/diagrams.test.ts checks the states and transitions against the synthesized prod stack.
 */

export interface MachineDefinition {
  /** `<env>-backup-orchestrator`, `<env>-job-recovery`, `<env>-dr-drill`. */
  readonly name: string;
  readonly title: string;
  readonly environment: string;
  readonly region: string;
  readonly definition: StateMachineDefinition;
}

export function machineDefinitions(env: EnvironmentModel, region = env.orchestration?.regions[0]): MachineDefinition[] {
  const orchestration = env.orchestration;
  if (!orchestration || !region || !orchestration.regions.includes(region)) return [];
  const { partition, accountId, name } = env;
  const location = { partition, region, accountId };
  const role = (roleName: string) => `arn:${partition}:iam::${accountId}:role/${roleName}`;
  const resources: OrchestrationResources = {
    partition,
    taskTokenTableName: orchestrationTableName(name, 'task-tokens'),
    auditTableName: orchestrationTableName(name, 'audit'),
    topicArn: topicArnOf(location, notificationTopicName(name)),
    callbackTimeoutSeconds: orchestration.callbackTimeoutSeconds,
    maxJobDurationSeconds: orchestration.maxJobDurationSeconds,
    auditRetentionDays: orchestration.auditRetentionDays,
    retry: DEFAULT_RETRY_POLICY,
  };
  const plans = env.plans.filter((p) => p.region === region);
  const out: MachineDefinition[] = [];
  const add = (kind: StateMachineKind, title: string, definition: StateMachineDefinition) =>
    out.push({ name: stateMachineName(name, kind), title, environment: name, region, definition });

  const rules = plans.flatMap((plan) => plan.rules.map((rule) => ({
    key: `${plan.name}/${rule.name}`,
    vaultName: rule.vaultName,
    lifecycle: rule.lifecycle,
    copies: rule.copies.map((c) => ({ destinationVaultArn: c.destinationVaultArn, lifecycle: c.lifecycle })),
  })));
  if (rules.length > 0) {
    add('backup-orchestrator', 'Backup orchestrator', backupOrchestratorDefinition({
      ...resources,
      backupRoleArn: role(`${name}-backup-service`),
      rules,
      defaultRuleKey: orchestration.defaultOnDemandRule[region]?.key ?? rules[0].key,
      recoveryPointTags: {},
    }));
  }
  if (orchestration.recovery.enabled && plans.length > 0) {
    add('job-recovery', 'Job recovery', jobRecoveryDefinition({
      ...resources,
      backupRoleArn: role(`${name}-backup-service`),
      maxAttempts: orchestration.recovery.maxAttempts,
      initialBackoffSeconds: orchestration.recovery.initialBackoffSeconds,
    }));
  }
  const fn = (folder: string) => functionArnOf(location, lambdaFunctionName(name, folder));
  add('dr-drill', 'DR drill', drDrillDefinition({
    ...resources,
    restoreRoleArn: role(`${name}-backup-restore`),
    restorePlannerFunctionArn: fn('restore-planner'),
    restoreValidatorFunctionArn: fn('restore-validator'),
    restoreCleanupFunctionArn: fn('restore-cleanup'),
  }));
  return out;
}

/** The environment whose primary orchestration region has all three machines (the fullest picture), else the one with most. */
export function showcaseEnvironment(environments: readonly EnvironmentModel[]): EnvironmentModel | undefined {
  let best: EnvironmentModel | undefined;
  let most = 0;
  for (const env of environments) {
    const count = machineDefinitions(env).length;
    if (count > most) [best, most] = [env, count];
  }
  return best;
}
