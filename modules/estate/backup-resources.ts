import type { Construct } from 'constructs';
import type { EnvironmentModel, PlanModel, VaultModel } from '../../config/model';
import { BackupPlan } from '../backup/backup-plan';
import { BackupRegionSettings } from '../backup/backup-region-settings';
import { BackupServiceRole, type CopyDestinationKey } from '../backup/backup-service-role';
import { BackupVault } from '../backup/backup-vault';
import type { NotificationTopic } from '../backup/notification-topic';
import type { RegionProviders } from '../core/region-providers';
import { vaultKeyAliasName } from '../core/resource-names';

/** A vault of the config and the construct built for it. */
export interface EstateVault {
  readonly model: VaultModel;
  readonly vault: BackupVault;
}

/** A plan of the config (one region) and the construct built for it. */
export interface EstatePlan {
  readonly model: PlanModel;
  readonly plan: BackupPlan;
}

/** AWS Backup itself in one environment: Region settings, vaults, the two service roles, plans and selections. */
export interface BackupResources {
  /** Only the regions whose settings the config manages. */
  readonly regionSettings: readonly { readonly region: string; readonly settings: BackupRegionSettings }[];
  /** In the config's order. */
  readonly vaults: readonly EstateVault[];
  readonly backupRole: BackupServiceRole;
  readonly restoreRole: BackupServiceRole;
  /** In the config's order. */
  readonly plans: readonly EstatePlan[];
}

export interface BackupResourcesInput {
  readonly providers: RegionProviders;
  /** The notification topic of each region (vault notifications go there). */
  readonly topics: ReadonlyMap<string, NotificationTopic>;
}

/**
 * Builds the config's Region settings, vaults, AWS Backup's backup and restore roles (which need the vaults' keys)
 * and plans (which need the vaults and the backup role).
 */
export function addBackupResources(scope: Construct, env: EnvironmentModel, input: BackupResourcesInput): BackupResources {
  const { providers } = input;
  const location = (region: string) => ({ partition: env.partition, region, accountId: env.accountId });

  const regionSettings = env.regionSettings.map((settings) => ({
    region: settings.region,
    settings: new BackupRegionSettings(scope, `region-settings-${settings.region}`, {
      provider: providers.forRegion(settings.region),
      optIn: settings.optIn,
      fullManagement: settings.fullManagement,
    }),
  }));

  const vaults = env.vaults.map((model): EstateVault => ({
    model,
    vault: new BackupVault(scope, `vault-${model.region}-${model.name}`, {
      provider: providers.forRegion(model.region),
      location: location(model.region),
      vaultName: model.name,
      encryption: model.encryption.kind === 'create'
        ? { ...model.encryption, keyAliasName: vaultKeyAliasName(env.name, model.name) }
        : model.encryption,
      airGapped: model.airGapped && model.retention
        ? { minRetentionDays: model.retention.minDays, maxRetentionDays: model.retention.maxDays }
        : undefined,
      breakGlassRoleName: env.breakGlassRoleName,
      lock: model.lock,
      notifications: model.notificationEvents.length > 0
        ? { topicArn: (input.topics.get(model.region) as NotificationTopic).topicArn, events: model.notificationEvents }
        : undefined,
      copySources: model.copySources,
      copyDestinationAccountIds: model.copyDestinationAccountIds,
    }),
  }));

  const vaultKeys = vaults.flatMap(({ model, vault }) => (vault.keyArn !== undefined ? [{ region: model.region, keyArn: vault.keyArn }] : []));
  const iam = { provider: providers.primary, partition: env.partition, accountId: env.accountId, vaultKeys };
  const backupRole = new BackupServiceRole(scope, 'backup-role', {
    ...iam, roleName: `${env.name}-backup-service`, purpose: 'backup', copyDestinationKeys: copyDestinationKeys(env),
  });
  const restoreRole = new BackupServiceRole(scope, 'restore-role', { ...iam, roleName: `${env.name}-backup-restore`, purpose: 'restore' });

  const plans = env.plans.map((model): EstatePlan => ({
    model,
    plan: new BackupPlan(scope, `plan-${model.region}-${model.name}`, {
      provider: providers.forRegion(model.region),
      name: model.name,
      vaults: new Map(vaults.filter((v) => v.model.region === model.region).map(({ vault }) => [vault.vaultName, vault.resource] as const)),
      rules: model.rules.map((rule) => ({
        ...rule,
        copies: rule.copies.map((c) => ({ destinationVaultArn: c.destinationVaultArn, lifecycle: c.lifecycle })),
      })),
      selections: model.selections.map((s) => ({ ...s, iamRoleArn: backupRole.role.arn })),
    }),
  }));

  return { regionSettings, vaults, backupRole, restoreRole, plans };
}

/** Keys of other accounts' vaults this environment's copies land in (AWS-owned keys of air-gapped vaults need no grant). */
function copyDestinationKeys(env: EnvironmentModel): CopyDestinationKey[] {
  const keys = env.plans.flatMap((plan) => plan.rules.flatMap((rule) => rule.copies))
    .filter((c) => c.destinationAccountId !== env.accountId && c.destinationEncryption.kind !== 'aws-owned')
    .map((c): CopyDestinationKey => ({
      region: c.destinationRegion,
      accountId: c.destinationAccountId,
      ...(c.destinationEncryption.kind === 'existing'
        ? { keyArn: c.destinationEncryption.keyArn }
        : { aliasName: vaultKeyAliasName(c.destinationEnvironment, c.destinationVaultName) }),
    }));
  return [...new Map(keys.map((k) => [JSON.stringify(k), k])).values()];
}
