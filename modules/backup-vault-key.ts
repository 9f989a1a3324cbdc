import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { accountRootArn, serviceEndpoint, type AwsLocation } from './aws-partition';
import { KMS_ADMIN_ACTIONS, KMS_USE_ACTIONS, policyJson, type PolicyStatement } from './policy-document';

export interface BackupVaultKeyProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  /** Alias name without the `alias/` prefix. */
  readonly aliasName: string;
  readonly description: string;
  /** Waiting period before deletion, 7-30 days. @default 30 */
  readonly deletionWindowInDays?: number;
  /**
   * Other accounts that use this key through AWS Backup: the sources of a central vault, or the destinations of
   * copies whose recovery points keep the source key. @default none
   */
  readonly sharedWithAccountIds?: readonly string[];
}

/**
 * A customer-managed key for one backup vault: rotation on, administration by the account (explicit actions,
 * no kms:*), data use only through AWS Backup in this region for this account, and for the accounts sharing it.
 */
export class BackupVaultKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: BackupVaultKeyProps) {
    super(scope, id);
    const window = props.deletionWindowInDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      throw new Error(`BackupVaultKey: deletionWindowInDays must be a whole number from 7 to 30; got ${window}`);
    }
    const { partition, region, accountId } = props.location;
    const viaBackup = serviceEndpoint('backup', region);
    const shared = [...new Set(props.sharedWithAccountIds ?? [])].filter((a) => a !== accountId).sort();
    const statements: PolicyStatement[] = [
      {
        Sid: 'AccountAdministersKey',
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: KMS_ADMIN_ACTIONS,
        Resource: '*',
      },
      {
        Sid: 'AccountUsesKeyThroughBackup',
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: KMS_USE_ACTIONS,
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': viaBackup, 'kms:CallerAccount': accountId } },
      },
      {
        Sid: 'AccountGrantsKeyToBackup',
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': viaBackup, 'kms:CallerAccount': accountId }, Bool: { 'kms:GrantIsForAWSResource': true } },
      },
    ];
    if (shared.length > 0) {
      // Copies between accounts run in the other account's Backup (and, for EBS/RDS snapshots, EC2/RDS) service,
      // so kms:ViaService cannot be pinned to one service here; the caller account is.
      statements.push(
        {
          Sid: 'CopyAccountsUseKey',
          Effect: 'Allow',
          Principal: { AWS: shared.map((a) => accountRootArn(partition, a)) },
          Action: KMS_USE_ACTIONS,
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': shared } },
        },
        {
          Sid: 'CopyAccountsGrantKeyToAwsServices',
          Effect: 'Allow',
          Principal: { AWS: shared.map((a) => accountRootArn(partition, a)) },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': shared }, Bool: { 'kms:GrantIsForAWSResource': true } },
        },
      );
    }
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: policyJson(statements),
    });
    this.alias = new KmsAlias(this, 'alias', {
      provider: props.provider,
      name: `alias/${props.aliasName}`,
      targetKeyId: this.key.keyId,
    });
  }
}
