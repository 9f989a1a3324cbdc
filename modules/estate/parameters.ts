import { FunctionParameter } from '../../config/function-contract/parameter-names';
import type { EnvironmentModel } from '../../config/model';
import type { AccessRoles } from '../access/access-roles';
import type { BackupServiceRole } from '../backup/backup-service-role';
import type { PublishedParameter } from '../core/published-parameter';
import type { PermissionsBoundary } from '../iam/permissions-boundary';
import { roleBoundaryParameters, type BoundaryKind } from './role-boundaries';
import type { BackupOrchestration } from '../orchestration/backup-orchestration';
import type { StartApi } from '../start-api/start-api';
import { startCatalogOf, startCatalogText } from './start-catalog';
import type { EstatePlan, EstateVault } from './backup-resources';
import { recoveryPointTags } from './orchestration';
import type { RegionResources } from './region-resources';

/* The SSM hierarchy of one environment (README "SSM parameter hierarchy"): what each construct declares, plus what only the model knows (account, start catalog). */

/** Everything the stack built that publishes parameters. */
export interface ParameterSources {
  readonly serviceRoles: readonly BackupServiceRole[];
  readonly access: AccessRoles;
  readonly boundaries: ReadonlyMap<BoundaryKind, PermissionsBoundary>;
  readonly vaults: readonly EstateVault[];
  readonly plans: readonly EstatePlan[];
  /** By region. */
  readonly orchestration: ReadonlyMap<string, BackupOrchestration>;
  readonly startApi?: StartApi;
}

function environmentParameters(env: EnvironmentModel): PublishedParameter[] {
  return [
    { path: 'environment/account-id', value: env.accountId, description: 'AWS account of this environment' },
    { path: 'environment/partition', value: env.partition, description: 'AWS partition of this environment' },
    { path: 'environment/primary-region', value: env.primaryRegion, description: 'Primary region (IAM and global resources)' },
  ];
}

/** The endpoint's own parameters and its start catalog: what it may start, which the start function checks. */
function startApiParameters(env: EnvironmentModel, region: string, startApi: StartApi): PublishedParameter[] {
  const catalog = startCatalogOf(env, region, { drills: startApi.routes.has('POST /drills') });
  return [
    ...startApi.publishedParameters,
    { path: FunctionParameter.startCatalog, value: startCatalogText(catalog), description: 'What the start endpoint may start: on-demand rules and drills (JSON)' },
  ];
}

/** Where the orchestration functions find their tables, machines and settings (config/function-contract). */
function orchestrationParameters(env: EnvironmentModel, orchestration: BackupOrchestration, auditRetentionDays: number): PublishedParameter[] {
  const parameters: PublishedParameter[] = [
    { path: FunctionParameter.environmentName, value: env.name, description: 'Environment name' },
    { path: FunctionParameter.recoveryPointTags, value: JSON.stringify(recoveryPointTags(env)), description: 'Tags every recovery point of this environment gets (JSON)' },
    { path: 'orchestration/kms-key-arn', value: orchestration.key.key.arn, description: 'KMS key of the orchestration tables, queues and logs' },
    { path: FunctionParameter.taskTokenTable, value: orchestration.taskTokenTable.table.name, description: 'DynamoDB table of task tokens, keyed by job ID' },
    { path: FunctionParameter.auditTable, value: orchestration.auditTable.table.name, description: 'DynamoDB audit table of every backup, copy and restore job' },
    { path: 'orchestration/audit-table/arn', value: orchestration.auditTable.table.arn, description: 'ARN of the audit table' },
    { path: FunctionParameter.idempotencyTable, value: orchestration.idempotencyTable.table.name, description: 'Powertools idempotency table' },
    { path: FunctionParameter.auditRetentionDays, value: String(auditRetentionDays), description: 'Days audit records are kept' },
  ];
  const machines = { 'backup-orchestrator': orchestration.orchestrator, 'job-recovery': orchestration.jobRecovery, 'dr-drill': orchestration.drDrill };
  for (const [name, machine] of Object.entries(machines)) {
    if (machine) parameters.push({ path: `orchestration/${name}/arn`, value: machine.stateMachine.arn, description: `ARN of the ${name} state machine` });
  }
  for (const [name, fn] of orchestration.functions.functions) {
    parameters.push({ path: `functions/${name}/arn`, value: fn.function.arn, description: `ARN of the ${name} function` });
  }
  return parameters;
}

/**
 * The parameters of one region: the environment, the region's topic, every role and boundary (IAM is global, so
 * each region has them), the region's vaults, endpoint, orchestration and plans, in that order.
 */
export function regionParameters(env: EnvironmentModel, resources: RegionResources, sources: ParameterSources): PublishedParameter[] {
  const { region } = resources;
  const orchestration = sources.orchestration.get(region);
  return [
    ...environmentParameters(env),
    ...resources.topic.publishedParameters,
    ...sources.serviceRoles.flatMap((role) => role.publishedParameters),
    ...sources.access.publishedParameters,
    ...roleBoundaryParameters(sources.boundaries),
    ...sources.vaults.filter((v) => v.model.region === region).flatMap((v) => v.vault.publishedParameters),
    ...(sources.startApi && env.access.api?.region === region ? startApiParameters(env, region, sources.startApi) : []),
    ...(orchestration && env.orchestration ? orchestrationParameters(env, orchestration, env.orchestration.auditRetentionDays) : []),
    ...sources.plans.filter((p) => p.model.region === region).flatMap((p) => p.plan.publishedParameters),
  ];
}
