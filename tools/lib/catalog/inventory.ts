/**
 * What an environment's stack creates that the Backstage catalog describes, as plain data computed from the model:
 * vaults, notification topics, orchestration tables, state machines, Lambda functions and the start API, each with
 * its AWS name, region and ARN. Names and ARNs come from modules/core/resource-names.ts, the functions the constructs
 * name their resources with; which resources exist where follows BackupEnvironmentStack and BackupOrchestration
 * (__tests__/catalog.test.ts compares the result with the synthesized stacks). Pure.
 */
import type { EnvironmentModel } from '../../../config/model';
import type { AwsLocation } from '../../../modules/core/aws-partition';
import { ORCHESTRATION_FUNCTIONS, type OrchestrationFunctionName } from '../../../modules/orchestration/orchestration-functions';
import {
  functionArnOf, lambdaFunctionName, notificationTopicName, orchestrationTableName, startApiName, stateMachineArnOf, stateMachineName,
  tableArnOf, topicArnOf, vaultArnOf, type OrchestrationTableKind, type StateMachineKind,
} from '../../../modules/core/resource-names';
import { START_API_FUNCTION, START_EXECUTION_FUNCTION, type StartApiFunctionName } from '../../../modules/start-api/start-api';

/** Backstage Resource types (spec.type) of the AWS resources the catalog lists. */
export type AwsResourceType = 'backup-vault' | 'state-machine' | 'dynamodb-table' | 'sns-topic';

/** Identifies one inventory item within its environment, for dependencies between items. */
export type InventoryKey = string;

interface InventoryItemBase {
  readonly key: InventoryKey;
  /** The resource's AWS name, exactly as the stack creates it. */
  readonly awsName: string;
  readonly region: string;
  readonly arn: string;
  readonly description: string;
  /** Keys of the items this one calls or writes to (its IAM policy grants use of them). */
  readonly dependsOn: readonly InventoryKey[];
}

/** An AWS resource that becomes a Backstage Resource. */
export interface AwsResourceItem extends InventoryItemBase {
  readonly type: AwsResourceType;
}

export type FunctionFolder = OrchestrationFunctionName | StartApiFunctionName;

/** A Lambda function that becomes a Backstage Component. */
export interface AwsFunctionItem extends InventoryItemBase {
  /** Its source folder under lambda-src/. */
  readonly folder: FunctionFolder;
  /** Serves a route of the start API. */
  readonly servesStartApi: boolean;
}

/** The start endpoint (HTTP API) of the environment; its ID, and so its URL, exists only after deployment. */
export interface StartApiItem {
  readonly awsName: string;
  readonly region: string;
  /** SSM parameter that holds its base URL once deployed. */
  readonly endpointParameter: string;
}

export interface EnvironmentInventory {
  readonly environment: EnvironmentModel;
  readonly resources: readonly AwsResourceItem[];
  readonly functions: readonly AwsFunctionItem[];
  readonly startApi?: StartApiItem;
}

export const vaultKey = (region: string, vault: string): InventoryKey => `vault/${region}/${vault}`;
export const topicKey = (region: string): InventoryKey => `topic/${region}`;
export const tableKey = (region: string, kind: OrchestrationTableKind): InventoryKey => `table/${region}/${kind}`;
export const machineKey = (region: string, kind: StateMachineKind): InventoryKey => `state-machine/${region}/${kind}`;
export const functionKey = (region: string, folder: FunctionFolder): InventoryKey => `function/${region}/${folder}`;

const TABLES: Readonly<Record<OrchestrationTableKind, string>> = {
  'task-tokens': 'Task tokens of state machines waiting for a backup, copy or restore job, keyed by job ID',
  audit: 'Audit trail of every backup, copy and restore job and every execution',
  idempotency: 'Powertools idempotency records of the functions',
};

const MACHINES: Readonly<Record<StateMachineKind, string>> = {
  'backup-orchestrator': 'Takes an on-demand backup, waits for it by callback, copies it as its rule says, records and notifies',
  'job-recovery': 'Re-attempts failed backup and copy jobs of this environment with backoff, escalates to SNS',
  'dr-drill': 'Restores the latest recovery point of a resource under a new name, validates it, cleans up and measures',
};

const FUNCTIONS: Readonly<Record<FunctionFolder, string>> = {
  'job-callback': 'Releases the task token of a state machine waiting for a backup, copy or restore job',
  'audit-recorder': 'Records every backup, copy and restore job state change in the audit table',
  'recovery-point-tagger': 'Tags new recovery points with the environment, compliance code and source plan',
  'restore-planner': 'Finds the latest recovery point of a resource and plans a restore that never overwrites it',
  'restore-validator': 'Checks a restored resource and reports the validation result',
  'restore-cleanup': 'Deletes what a DR drill restored, and only that',
  'execution-status': 'Reports the status of a backup or DR drill execution to the start API',
  'start-execution': 'Starts configured backups and DR drills for the start API, the requester taken from the token',
};

/**
 * Which tables and machines each function's role grants it use of (modules/orchestration/orchestration-functions.ts,
 * modules/start-api/start-api-functions.ts); the rest of what they touch (recovery points, restored resources) is not in the catalog.
 */
const FUNCTION_USES: Readonly<Record<FunctionFolder, { tables: OrchestrationTableKind[]; machines: StateMachineKind[] }>> = {
  'job-callback': { tables: ['task-tokens', 'idempotency'], machines: [] },
  'audit-recorder': { tables: ['audit'], machines: [] },
  'recovery-point-tagger': { tables: ['idempotency'], machines: [] },
  'restore-planner': { tables: [], machines: [] },
  'restore-validator': { tables: ['idempotency'], machines: [] },
  'restore-cleanup': { tables: [], machines: [] },
  'execution-status': { tables: [], machines: ['backup-orchestrator', 'dr-drill'] },
  'start-execution': { tables: [], machines: ['backup-orchestrator', 'dr-drill'] },
};

/** Functions the DR drill machine invokes (its lambda:InvokeFunction grant). */
const DRILL_FUNCTIONS: readonly OrchestrationFunctionName[] = ['restore-planner', 'restore-validator', 'restore-cleanup'];

export function environmentInventory(env: EnvironmentModel): EnvironmentInventory {
  const location = (region: string): AwsLocation => ({ partition: env.partition, region, accountId: env.accountId });
  const resources: AwsResourceItem[] = [];
  const functions: AwsFunctionItem[] = [];
  const machinesIn = new Map<string, readonly StateMachineKind[]>();

  for (const region of env.regions) {
    const awsName = notificationTopicName(env.name);
    resources.push({
      key: topicKey(region), type: 'sns-topic', awsName, region, arn: topicArnOf(location(region), awsName), dependsOn: [],
      description: `Backup notifications of ${env.name} in ${region}: vault events, failed executions, alarms`,
    });
  }
  for (const vault of env.vaults) {
    const kind = vault.airGapped ? 'Logically air-gapped backup vault' : 'Backup vault';
    resources.push({
      key: vaultKey(vault.region, vault.name), type: 'backup-vault', awsName: vault.name, region: vault.region,
      arn: vaultArnOf(location(vault.region), vault.name), dependsOn: [],
      description: `${kind} ${vault.name} of ${env.name} in ${vault.region}`,
    });
  }

  for (const region of env.orchestration?.regions ?? []) {
    const orchestration = env.orchestration!;
    for (const kind of Object.keys(TABLES) as OrchestrationTableKind[]) {
      const awsName = orchestrationTableName(env.name, kind);
      resources.push({ key: tableKey(region, kind), type: 'dynamodb-table', awsName, region, arn: tableArnOf(location(region), awsName), dependsOn: [], description: TABLES[kind] });
    }
    // As BackupOrchestration decides: the orchestrator follows a plan rule of the region, job recovery watches its plans.
    const hasPlans = env.plans.some((p) => p.region === region);
    const machines: StateMachineKind[] = [
      ...(hasPlans ? ['backup-orchestrator' as const] : []),
      ...(hasPlans && orchestration.recovery.enabled ? ['job-recovery' as const] : []),
      'dr-drill',
    ];
    machinesIn.set(region, machines);
    // The orchestrator and job recovery start backups into the region's own vaults (not air-gapped ones: copies only).
    const vaults = env.vaults.filter((v) => v.region === region && !v.airGapped).map((v) => vaultKey(region, v.name));
    const waiting = [tableKey(region, 'task-tokens'), tableKey(region, 'audit'), topicKey(region)];
    for (const kind of machines) {
      const awsName = stateMachineName(env.name, kind);
      const dependsOn = kind === 'dr-drill' ? [...waiting, ...DRILL_FUNCTIONS.map((f) => functionKey(region, f))] : [...vaults, ...waiting];
      resources.push({ key: machineKey(region, kind), type: 'state-machine', awsName, region, arn: stateMachineArnOf(location(region), awsName), dependsOn, description: MACHINES[kind] });
    }
    for (const folder of ORCHESTRATION_FUNCTIONS) functions.push(functionItem(env, location(region), folder, machines));
  }

  const api = env.access.api;
  let startApi: StartApiItem | undefined;
  if (api && env.orchestration) {
    functions.push(functionItem(env, location(api.region), START_EXECUTION_FUNCTION, machinesIn.get(api.region) ?? []));
    functions.push(functionItem(env, location(api.region), START_API_FUNCTION, machinesIn.get(api.region) ?? []));
    startApi = { awsName: startApiName(env.name), region: api.region, endpointParameter: `${env.ssmParameterPrefix}/${env.name}/start-api/endpoint` };
  }
  return { environment: env, resources, functions, startApi };
}

/** `machines`: the state machines of the function's region (execution-status reads the executions of two of them). */
function functionItem(env: EnvironmentModel, location: AwsLocation, folder: FunctionFolder, machines: readonly StateMachineKind[]): AwsFunctionItem {
  const awsName = lambdaFunctionName(env.name, folder);
  const uses = FUNCTION_USES[folder];
  return {
    key: functionKey(location.region, folder),
    folder,
    awsName,
    region: location.region,
    arn: functionArnOf(location, awsName),
    description: `${FUNCTIONS[folder]} (source lambda-src/${folder})`,
    dependsOn: [
      ...uses.tables.map((t) => tableKey(location.region, t)),
      ...uses.machines.filter((m) => machines.includes(m)).map((m) => machineKey(location.region, m)),
    ],
    servesStartApi: folder === START_API_FUNCTION || folder === START_EXECUTION_FUNCTION,
  };
}
