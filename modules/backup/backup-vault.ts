import { BackupLogicallyAirGappedVault } from '@cdktf/provider-aws/lib/backup-logically-air-gapped-vault';
import { BackupVault as BackupVaultResource } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { BackupVaultNotifications } from '@cdktf/provider-aws/lib/backup-vault-notifications';
import { BackupVaultPolicy } from '@cdktf/provider-aws/lib/backup-vault-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { VaultLockModel } from '../../config/model';
import { accountRootArn, iamRoleArn, type AwsLocation } from '../core/aws-partition';
import { BackupVaultKey } from './backup-vault-key';
import { policyJson, type PolicyStatement } from '../iam/policy-document';
import { vaultArnOf } from '../core/resource-names';
import type { PublishedParameter } from '../core/published-parameter';

/** Recovery-point actions that only the break-glass role may perform. */
export const PROTECTED_RECOVERY_POINT_ACTIONS = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'] as const;

/** Vault Lock: the shape an environment file declares (config/schema: VaultLock, fields documented there). */
export type BackupVaultLockProps = VaultLockModel;

export interface BackupVaultProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  readonly vaultName: string;
  /**
   * Encryption: create a customer-managed key, use a given key ARN, or (air-gapped vaults) the AWS-owned key.
   */
  readonly encryption:
    | { readonly kind: 'create'; readonly deletionWindowInDays?: number; readonly keyAliasName: string }
    | { readonly kind: 'existing'; readonly keyArn: string }
    | { readonly kind: 'aws-owned' };
  /** Make the vault logically air-gapped (retention required, no lock or key options). @default false */
  readonly airGapped?: { readonly minRetentionDays: number; readonly maxRetentionDays: number };
  /** The only role (in this account) allowed to delete recovery points or change their lifecycle. */
  readonly breakGlassRoleName: string;
  /** Vault Lock. @default no lock */
  readonly lock?: BackupVaultLockProps;
  /** Events to publish, and where. @default no notifications */
  readonly notifications?: { readonly topicArn: string; readonly events: readonly string[] };
  /** Accounts and organizations allowed to copy into this vault. @default none */
  readonly copySources?: { readonly accountIds: readonly string[]; readonly organizationIds: readonly string[] };
  /** Accounts this vault's recovery points are copied to (they need its key). @default none */
  readonly copyDestinationAccountIds?: readonly string[];
}

/**
 * A backup vault protected against deletion: an access policy denies deleting recovery points and changing
 * their lifecycle to everyone but the break-glass role; optional lock, notifications and cross-account intake.
 */
export class BackupVault extends Construct {
  /** ARN built from config (known at plan time, usable in other stacks' copy actions). */
  public readonly vaultArn: string;
  public readonly vaultName: string;
  /** The vault's key, when this construct created it. */
  public readonly key?: BackupVaultKey;
  /** The key ARN the vault uses (undefined for AWS-owned keys). */
  public readonly keyArn?: string;
  public readonly accessPolicy: BackupVaultPolicy;
  public readonly lock?: BackupVaultLockConfiguration;
  public readonly notifications?: BackupVaultNotifications;
  /** The vault resource (standard or air-gapped); other resources depend on it. */
  public readonly resource: BackupVaultResource | BackupLogicallyAirGappedVault;
  /** The vault's ARN, name and key, for the environment's SSM hierarchy in the vault's region. */
  public readonly publishedParameters: readonly PublishedParameter[];

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const { partition, accountId } = props.location;
    if (!/^[a-zA-Z0-9\-_]{2,50}$/.test(props.vaultName)) {
      throw new Error(`BackupVault: names are 2-50 letters, digits, "-" or "_"; got "${props.vaultName}"`);
    }
    if (props.airGapped && (props.lock || props.encryption.kind !== 'aws-owned')) {
      throw new Error(`BackupVault ${props.vaultName}: air-gapped vaults take no lock and use the AWS-owned key; got lock=${!!props.lock}, encryption=${props.encryption.kind}`);
    }
    if (props.lock?.mode === 'compliance' && (props.lock.changeableForDays ?? 0) < 3) {
      throw new Error(`BackupVault ${props.vaultName}: compliance locks need changeableForDays >= 3; got ${props.lock.changeableForDays}`);
    }
    this.vaultName = props.vaultName;
    this.vaultArn = vaultArnOf(props.location, props.vaultName);

    if (props.encryption.kind === 'create') {
      this.key = new BackupVaultKey(this, 'key', {
        provider: props.provider,
        location: props.location,
        aliasName: props.encryption.keyAliasName,
        description: `Encrypts recovery points in backup vault ${props.vaultName}`,
        deletionWindowInDays: props.encryption.deletionWindowInDays,
        sharedWithAccountIds: [...(props.copySources?.accountIds ?? []), ...(props.copyDestinationAccountIds ?? [])],
        sharedWithOrganizationIds: props.copySources?.organizationIds,
      });
      this.keyArn = this.key.key.arn;
    } else if (props.encryption.kind === 'existing') {
      this.keyArn = props.encryption.keyArn;
    }

    this.resource = props.airGapped
      ? new BackupLogicallyAirGappedVault(this, 'vault', {
          provider: props.provider,
          name: props.vaultName,
          minRetentionDays: props.airGapped.minRetentionDays,
          maxRetentionDays: props.airGapped.maxRetentionDays,
        })
      : new BackupVaultResource(this, 'vault', {
          provider: props.provider,
          name: props.vaultName,
          kmsKeyArn: this.keyArn,
          forceDestroy: false,
        });

    const statements: PolicyStatement[] = [
      {
        Sid: 'OnlyBreakGlassDeletesOrShortensRecoveryPoints',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: PROTECTED_RECOVERY_POINT_ACTIONS,
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': iamRoleArn(partition, accountId, props.breakGlassRoleName) } },
      },
    ];
    const sourceAccounts = [...new Set(props.copySources?.accountIds ?? [])].sort();
    if (sourceAccounts.length > 0) {
      statements.push({
        Sid: 'SourceAccountsCopyIn',
        Effect: 'Allow',
        Principal: { AWS: sourceAccounts.map((a) => accountRootArn(partition, a)) },
        Action: 'backup:CopyIntoBackupVault',
        Resource: '*',
      });
    }
    const organizations = [...new Set(props.copySources?.organizationIds ?? [])].sort();
    if (organizations.length > 0) {
      statements.push({
        Sid: 'OrganizationCopiesIn',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'backup:CopyIntoBackupVault',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': organizations } },
      });
    }
    this.accessPolicy = new BackupVaultPolicy(this, 'access-policy', {
      provider: props.provider,
      backupVaultName: this.resource.name,
      policy: policyJson(statements),
    });

    if (props.lock) {
      this.lock = new BackupVaultLockConfiguration(this, 'lock', {
        provider: props.provider,
        backupVaultName: this.resource.name,
        minRetentionDays: props.lock.minRetentionDays,
        maxRetentionDays: props.lock.maxRetentionDays,
        changeableForDays: props.lock.mode === 'compliance' ? props.lock.changeableForDays : undefined,
      });
    }
    if (props.notifications && props.notifications.events.length > 0) {
      this.notifications = new BackupVaultNotifications(this, 'notifications', {
        provider: props.provider,
        backupVaultName: this.resource.name,
        snsTopicArn: props.notifications.topicArn,
        backupVaultEvents: [...props.notifications.events].sort(),
      });
    }
    const name = props.vaultName;
    this.publishedParameters = [
      { path: `vaults/${name}/arn`, value: this.resource.arn, description: `ARN of backup vault ${name}` },
      { path: `vaults/${name}/name`, value: this.resource.name, description: `Name of backup vault ${name}` },
      ...(this.keyArn ? [{ path: `vaults/${name}/kms-key-arn`, value: this.keyArn, description: `KMS key of backup vault ${name}` }] : []),
    ];
  }
}
