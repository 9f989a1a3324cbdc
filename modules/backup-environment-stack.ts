import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentModel } from '../config/model';
import { BackupPlan } from './backup-plan';
import { BackupServiceRole } from './backup-service-role';
import { BackupVault } from './backup-vault';
import { NotificationTopic } from './notification-topic';
import { ParameterPublisher } from './parameter-publisher';
import { RegionProviders } from './region-providers';

/**
 * Everything one AWS account gets, in every region its config lists: providers, notification topics, vaults,
 * plans and selections, the backup and restore roles, and the SSM parameters that publish them.
 * Stack name = environment name; state in the configured S3 backend.
 */
export class BackupEnvironmentStack extends TerraformStack {
  public readonly providers: RegionProviders;
  public readonly topics = new Map<string, NotificationTopic>();
  /** Keyed by `<region>/<vault name>`. */
  public readonly vaults = new Map<string, BackupVault>();
  /** Keyed by `<region>/<plan name>`. */
  public readonly plans = new Map<string, BackupPlan>();
  public readonly backupRole: BackupServiceRole;
  public readonly restoreRole: BackupServiceRole;
  public readonly parameters = new Map<string, ParameterPublisher>();

  constructor(scope: Construct, env: EnvironmentModel) {
    super(scope, env.name);
    const backend = new S3Backend(this, {
      bucket: env.state.bucket,
      key: env.state.key,
      region: env.state.region,
      encrypt: true,
      kmsKeyId: env.state.kmsKeyArn,
      dynamodbTable: env.state.lockTable,
      assumeRole: env.state.roleArn ? { roleArn: env.state.roleArn } : undefined,
    });
    // S3 native locking (Terraform >= 1.10); cdktf 0.21's S3Backend type predates the flag.
    if (!env.state.lockTable) backend.addOverride('use_lockfile', true);

    this.providers = new RegionProviders(this, 'aws', {
      regions: env.regions,
      roleArn: env.deployment.roleArn,
      sessionName: env.deployment.sessionName,
      externalId: env.deployment.externalId,
      defaultTags: env.tags,
    });
    const location = (region: string) => ({ partition: env.partition, region, accountId: env.accountId });

    for (const region of env.regions) {
      this.topics.set(region, new NotificationTopic(this, `notifications-${region}`, {
        provider: this.providers.forRegion(region),
        location: location(region),
        topicName: `${env.name}-backup-notifications`,
      }));
      this.parameters.set(region, new ParameterPublisher(this, `parameters-${region}`, {
        provider: this.providers.forRegion(region),
        root: `${env.ssmParameterPrefix}/${env.name}`,
      }));
    }

    for (const vault of env.vaults) {
      const topic = this.topics.get(vault.region) as NotificationTopic;
      this.vaults.set(`${vault.region}/${vault.name}`, new BackupVault(this, `vault-${vault.region}-${vault.name}`, {
        provider: this.providers.forRegion(vault.region),
        location: location(vault.region),
        vaultName: vault.name,
        encryption: vault.encryption.kind === 'create'
          ? { ...vault.encryption, keyAliasName: `${env.name}-backup-${vault.name}` }
          : vault.encryption,
        airGapped: vault.airGapped && vault.retention
          ? { minRetentionDays: vault.retention.minDays, maxRetentionDays: vault.retention.maxDays }
          : undefined,
        breakGlassRoleName: env.breakGlassRoleName,
        lock: vault.lock,
        notifications: vault.notificationEvents.length > 0 ? { topicArn: topic.topicArn, events: vault.notificationEvents } : undefined,
        copySources: vault.copySources,
        copyDestinationAccountIds: vault.copyDestinationAccountIds,
      }));
    }

    const vaultKeys = [...this.vaults.entries()]
      .filter(([, v]) => v.keyArn !== undefined)
      .map(([key, v]) => ({ region: key.split('/')[0], keyArn: v.keyArn as string }));
    const iam = { provider: this.providers.primary, partition: env.partition, accountId: env.accountId, vaultKeys };
    this.backupRole = new BackupServiceRole(this, 'backup-role', { ...iam, roleName: `${env.name}-backup-service`, purpose: 'backup' });
    this.restoreRole = new BackupServiceRole(this, 'restore-role', { ...iam, roleName: `${env.name}-backup-restore`, purpose: 'restore' });

    for (const plan of env.plans) {
      const regionVaults = new Map(
        [...this.vaults.entries()].filter(([key]) => key.startsWith(`${plan.region}/`)).map(([, v]) => [v.vaultName, v.resource] as const),
      );
      this.plans.set(`${plan.region}/${plan.name}`, new BackupPlan(this, `plan-${plan.region}-${plan.name}`, {
        provider: this.providers.forRegion(plan.region),
        name: plan.name,
        vaults: regionVaults,
        rules: plan.rules.map((rule) => ({
          ...rule,
          copies: rule.copies.map((c) => ({ destinationVaultArn: c.destinationVaultArn, lifecycle: c.lifecycle })),
        })),
        selections: plan.selections.map((s) => ({ ...s, iamRoleArn: this.backupRole.role.arn })),
      }));
    }

    this.publishParameters(env);
  }

  private publishParameters(env: EnvironmentModel): void {
    for (const region of env.regions) {
      const publish = this.parameters.get(region) as ParameterPublisher;
      const topic = this.topics.get(region) as NotificationTopic;
      publish.publish('environment/account-id', env.accountId, 'AWS account of this environment');
      publish.publish('environment/partition', env.partition, 'AWS partition of this environment');
      publish.publish('environment/primary-region', env.primaryRegion, 'Primary region (IAM and global resources)');
      publish.publish('notifications/topic-arn', topic.topic.arn, 'SNS topic for backup notifications in this region');
      publish.publish('notifications/kms-key-arn', topic.key.arn, 'KMS key encrypting the notification topic');
      publish.publish('roles/backup-service/arn', this.backupRole.role.arn, 'Role AWS Backup assumes to take backups');
      publish.publish('roles/restore/arn', this.restoreRole.role.arn, 'Role AWS Backup assumes to restore');
      for (const [key, vault] of this.vaults) {
        if (!key.startsWith(`${region}/`)) continue;
        publish.publish(`vaults/${vault.vaultName}/arn`, vault.resource.arn, `ARN of backup vault ${vault.vaultName}`);
        publish.publish(`vaults/${vault.vaultName}/name`, vault.resource.name, `Name of backup vault ${vault.vaultName}`);
        if (vault.keyArn) publish.publish(`vaults/${vault.vaultName}/kms-key-arn`, vault.keyArn, `KMS key of backup vault ${vault.vaultName}`);
      }
      for (const [key, plan] of this.plans) {
        if (!key.startsWith(`${region}/`)) continue;
        const name = key.slice(region.length + 1);
        publish.publish(`plans/${name}/id`, plan.plan.id, `ID of backup plan ${name}`);
        publish.publish(`plans/${name}/arn`, plan.plan.arn, `ARN of backup plan ${name}`);
      }
    }
  }
}
