import {
  BACKUP_RESOURCE_TYPES, DATA_PATHS, pathSupported, stepsOf, type BackupResourceType, type DataPath, type KeyStep, type Step,
} from '../../config/aws-facts';
import type { EnvironmentModel, VaultModel } from '../../config/model';
import { serviceEndpoint } from '../../modules/core/aws-partition';
import { awsManagedPolicy, StackIam, type Decision, type PolicyDocument, type SimulatedRole } from './iam-simulation';

/*
 * The data-path authorization matrix: every path an estate enables (backups into its vaults, copies across Regions
 * and accounts and into air-gapped vaults, restores, drills, restore tests) x every resource type AWS Backup
 * protects x every step of the path (config/aws-facts/data-paths.ts), evaluated on the synthesized key policies,
 * vault access policies, role policies (AWS-managed ones included) and boundaries with the IAM simulator, in the
 * request context AWS sends: kms:ViaService of the service doing the work, kms:CallerAccount, kms:GrantIsForAWSResource
 * on grants, the encryption context keys the service uses, aws:PrincipalOrgID across accounts.
 */

export interface VaultRef {
  readonly env: string;
  readonly region: string;
  readonly vault: string;
}

export interface PathInstance {
  readonly path: DataPath;
  readonly source: VaultRef;
  readonly destination?: VaultRef;
  /** Restores: the vault holds copies (encrypted with its key whatever the type). */
  readonly pointIsCopy: boolean;
  /** Where in the config the path comes from, for messages. */
  readonly origin: string;
}

const vaultOf = (models: readonly EnvironmentModel[], ref: VaultRef): VaultModel | undefined =>
  models.find((m) => m.name === ref.env)?.vaults.find((v) => v.name === ref.vault && v.region === ref.region);

/** Every path the estate's config enables. */
export function pathInstances(models: readonly EnvironmentModel[]): PathInstance[] {
  const out: PathInstance[] = [];
  const receivesCopies = new Set<string>();
  const key = (r: VaultRef) => `${r.env}/${r.region}/${r.vault}`;
  for (const env of models) {
    for (const plan of env.plans) {
      for (const rule of plan.rules) {
        const source = { env: env.name, region: plan.region, vault: rule.vaultName };
        out.push({ path: 'backup', source, pointIsCopy: false, origin: `${env.name}: plan ${plan.name} rule ${rule.name}` });
        for (const copy of rule.copies) {
          const destination = { env: copy.destinationEnvironment, region: copy.destinationRegion, vault: copy.destinationVaultName };
          const airGapped = vaultOf(models, destination)?.airGapped ?? false;
          const path: DataPath = airGapped ? 'air-gapped-copy' : copy.destinationAccountId !== env.accountId ? 'cross-account-copy' : 'cross-region-copy';
          out.push({ path, source, destination, pointIsCopy: false, origin: `${env.name}: plan ${plan.name} rule ${rule.name} copy to ${key(destination)}` });
          if (path === 'cross-account-copy') {
            out.push({ path: 'restore-in-copy-account', source, destination, pointIsCopy: true, origin: `${copy.destinationEnvironment}: restore of copies from ${env.name}` });
          }
          if (!airGapped) receivesCopies.add(key(destination));
        }
      }
    }
  }
  for (const env of models) {
    for (const vault of env.vaults.filter((v) => !v.airGapped)) {
      const source = { env: env.name, region: vault.region, vault: vault.name };
      const pointIsCopy = receivesCopies.has(key(source));
      out.push({ path: 'restore', source, pointIsCopy, origin: `${env.name}: restore from ${vault.name} in ${vault.region}` });
      for (const drill of env.orchestration?.drills ?? []) {
        if (drill.region === vault.region && (drill.vaultName === undefined || drill.vaultName === vault.name)) {
          out.push({ path: 'dr-drill', source, pointIsCopy, origin: `${env.name}: drill ${drill.name}` });
        }
      }
      for (const plan of env.orchestration?.restoreTesting ?? []) {
        if (plan.region === vault.region && plan.includeVaultArns.some((arn) => arn.endsWith(`:backup-vault:${vault.name}`))) {
          out.push({ path: 'restore-test', source, pointIsCopy, origin: `${env.name}: restore testing ${plan.name}` });
        }
      }
    }
  }
  return out;
}

/** The AWS-managed policies of each actor: what AWS grants it is what its service calls. */
const ACTOR_MANAGED_POLICIES: Record<KeyStep['actor'], readonly string[]> = {
  'backup-role': ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForS3Backup'],
  'restore-role': ['AWSBackupServiceRolePolicyForRestores', 'AWSBackupServiceRolePolicyForS3Restore'],
  'service-linked-role': ['AWSBackupServiceLinkedRolePolicyForBackup'],
};

/** The encryption context keys a service's KMS calls carry (as AWS's managed policies condition them). */
const ENCRYPTION_CONTEXT_KEYS: Readonly<Record<string, string>> = { ec2: 'aws:ebs:id', backup: 'aws:backup:backup-vault', dsql: 'aws:dsql:ClusterId' };

/**
 * The KMS calls of a key step: DescribeKey and CreateGrant (how every service gets the use of a key for an AWS
 * resource), the calls AWS's managed policy of the actor grants through that service, and for AWS Backup itself the
 * minimum its key policy documentation names (GenerateDataKey to encrypt, Decrypt to read).
 */
export function kmsActionsOf(step: KeyStep, partition: string): string[] {
  const actions = new Set(['kms:DescribeKey', 'kms:CreateGrant']);
  if (step.viaService === 'backup') actions.add(step.use === 'encrypt' ? 'kms:GenerateDataKey' : 'kms:Decrypt');
  for (const name of ACTOR_MANAGED_POLICIES[step.actor]) {
    for (const statement of awsManagedPolicy(name, partition).Statement) {
      const via = [statement.Condition?.StringLike?.['kms:ViaService'] ?? []].flat() as string[];
      if (!via.some((v) => v.startsWith(`${step.viaService}.`))) continue;
      for (const action of [statement.Action].flat() as string[]) if (action.startsWith('kms:')) actions.add(action);
    }
  }
  return [...actions].sort();
}

export interface Estate {
  readonly models: readonly EnvironmentModel[];
  readonly iam: ReadonlyMap<string, StackIam>;
}

export interface Simulated {
  readonly instance: PathInstance;
  readonly type: BackupResourceType;
  readonly step: Step;
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
}

export interface MatrixResult {
  readonly results: readonly Simulated[];
  /** Steps on keys the stacks do not hold (the resource's own key, an existing key, an AWS-owned key): documented requirements. */
  readonly outside: number;
  /** (path instance, type) pairs AWS does not support: a config rule refuses them (tested apart). */
  readonly unsupported: number;
  /** (path instance, type) pairs whose support AWS's table leaves unconfirmed: not evaluated. */
  readonly unconfirmed: number;
  readonly pairs: number;
}

const serviceLinkedRole = (model: EnvironmentModel) => ({
  arn: `arn:${model.partition}:iam::${model.accountId}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`,
  policy: awsManagedPolicy('AWSBackupServiceLinkedRolePolicyForBackup', model.partition),
});

function actorOf(estate: Estate, model: EnvironmentModel, actor: KeyStep['actor']): SimulatedRole | { arn: string; policy: PolicyDocument } {
  const iam = estate.iam.get(model.name) as StackIam;
  if (actor === 'backup-role') return iam.role(`${model.name}-backup-service`);
  if (actor === 'restore-role') return iam.role(`${model.name}-backup-restore`);
  return serviceLinkedRole(model);
}

/** Every step of every path instance for every type, simulated; results cached per distinct request. */
export async function runMatrix(estate: Estate, managementPreferenceOn = true): Promise<MatrixResult> {
  const results: Simulated[] = [];
  const cache = new Map<string, Decision>();
  let outside = 0;
  let unsupported = 0;
  let unconfirmed = 0;
  let pairs = 0;
  const model = (env: string) => estate.models.find((m) => m.name === env) as EnvironmentModel;
  for (const instance of pathInstances(estate.models)) {
    const end = (e: 'source' | 'destination') => (e === 'source' ? instance.source : instance.destination ?? instance.source);
    for (const type of BACKUP_RESOURCE_TYPES) {
      pairs += 1;
      const support = pathSupported(instance.path, type, managementPreferenceOn);
      if (support !== true) {
        if (support === false) unsupported += 1;
        else unconfirmed += 1;
        continue;
      }
      for (const step of stepsOf(instance.path, type, managementPreferenceOn, instance.pointIsCopy)) {
        const actorModel = model(end(step.actorEnd).env);
        const principal = actorOf(estate, actorModel, step.actor);
        if (step.kind === 'vault') {
          const target = end(step.vaultEnd);
          const targetIam = estate.iam.get(target.env) as StackIam;
          const resource = `arn:${actorModel.partition}:backup:${target.region}:${model(target.env).accountId}:backup-vault:${target.vault}`;
          const context: Record<string, string> = actorModel.organizationId ? { 'aws:PrincipalOrgID': actorModel.organizationId } : {};
          const request = { principal, action: step.action, resource, context, resourcePolicy: targetIam.vaultPolicy(target.region, target.vault) };
          const decision = await cached(cache, targetIam, request);
          results.push({ instance, type, step, action: step.action, resource, decision });
          continue;
        }
        const keyRef = end(step.keyEnd);
        const keyIam = estate.iam.get(keyRef.env) as StackIam;
        const keyArn = step.key === 'resource' ? undefined : keyIam.vaultKeyArn(keyRef.region, keyRef.vault);
        if (!keyArn) {
          outside += 1;
          continue;
        }
        for (const action of kmsActionsOf(step, actorModel.partition)) {
          const context: Record<string, string | string[]> = {
            'kms:ViaService': serviceEndpoint(step.viaService, keyRef.region),
            'kms:CallerAccount': actorModel.accountId,
            'kms:ResourceAliases': keyIam.aliasesOfKey(keyArn),
            ...(actorModel.organizationId ? { 'aws:PrincipalOrgID': actorModel.organizationId } : {}),
            ...(action === 'kms:CreateGrant' ? { 'kms:GrantIsForAWSResource': 'true' } : {}),
            ...(ENCRYPTION_CONTEXT_KEYS[step.viaService] && action !== 'kms:DescribeKey' ? { 'kms:EncryptionContextKeys': [ENCRYPTION_CONTEXT_KEYS[step.viaService]] } : {}),
          };
          const decision = await cached(cache, keyIam, { principal, action, resource: keyArn, context });
          results.push({ instance, type, step, action, resource: keyArn, decision });
        }
      }
    }
  }
  return { results, outside, unsupported, unconfirmed, pairs };
}

async function cached(cache: Map<string, Decision>, iam: StackIam, request: Parameters<StackIam['decide']>[0]): Promise<Decision> {
  const principalArn = typeof request.principal === 'string' ? request.principal : request.principal.arn;
  const key = JSON.stringify([iam.model.name, principalArn, request.action, request.resource, request.context]);
  const known = cache.get(key);
  if (known) return known;
  const decision = await iam.decide(request);
  cache.set(key, decision);
  return decision;
}

/** A failure, as one line: which path, type, step and call was refused. */
export function describeFailure(s: Simulated): string {
  const step = s.step.kind === 'key'
    ? `${s.step.actor} (${s.step.actorEnd}) ${s.action} on the ${s.step.key} key via ${s.step.viaService}`
    : `${s.step.actor} (${s.step.actorEnd}) ${s.action} on the ${s.step.vaultEnd} vault`;
  return `${s.instance.origin} [${s.instance.path}] ${s.type}: ${step}: ${s.decision}`;
}

export { DATA_PATHS };
