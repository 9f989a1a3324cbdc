import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { vaultKeyServices } from '../../config/aws-facts';
import { DEFAULT_KEY_DELETION_WINDOW_DAYS } from '../../config/defaults';
import { accountRootArn, serviceEndpoints, type AwsLocation } from '../core/aws-partition';
import { KMS_ADMIN_ACTIONS, KMS_USE_ACTIONS, policyJson, type PolicyStatement } from '../iam/policy-document';

export interface BackupVaultKeyProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  /** Alias name without the `alias/` prefix. */
  readonly aliasName: string;
  readonly description: string;
  /** Waiting period before deletion, 7-30 days. @default DEFAULT_KEY_DELETION_WINDOW_DAYS (30) */
  readonly deletionWindowInDays?: number;
  /**
   * Other accounts that use this key through AWS Backup: the sources of a central vault, or the destinations of
   * copies whose recovery points keep the source key. @default none
   */
  readonly sharedWithAccountIds?: readonly string[];
  /**
   * Organizations whose accounts copy into this vault (a central vault accepting an organization): the source copy
   * roles use the destination key, so it is shared with the organization's principals. @default none
   */
  readonly sharedWithOrganizationIds?: readonly string[];
}

/**
 * A customer-managed key for one backup vault: rotation on, administration by the account (explicit actions,
 * no kms:*), data use only through the AWS services that handle recovery points in this region (AWS Backup for the
 * types it fully manages, EC2, RDS, FSx... for the others: they re-encrypt copies that land in the vault and decrypt
 * them on restore; config/aws-facts/resource-types.ts), for this account and for the accounts sharing it.
 */
export class BackupVaultKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: BackupVaultKeyProps) {
    super(scope, id);
    const window = props.deletionWindowInDays ?? DEFAULT_KEY_DELETION_WINDOW_DAYS;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      throw new Error(`BackupVaultKey: deletionWindowInDays must be a whole number from 7 to 30; got ${window}`);
    }
    const { partition, region, accountId } = props.location;
    const viaBackupServices = serviceEndpoints(vaultKeyServices(), region);
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
        Sid: 'AccountUsesKeyThroughBackupServices',
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: KMS_USE_ACTIONS,
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': viaBackupServices, 'kms:CallerAccount': accountId } },
      },
      {
        Sid: 'AccountGrantsKeyToBackupServices',
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': viaBackupServices, 'kms:CallerAccount': accountId }, Bool: { 'kms:GrantIsForAWSResource': true } },
      },
    ];
    const organizations = [...new Set(props.sharedWithOrganizationIds ?? [])].sort();
    if (organizations.length > 0) {
      statements.push(
        {
          Sid: 'OrganizationCopiesUseKey',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: KMS_USE_ACTIONS,
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': viaBackupServices, 'aws:PrincipalOrgID': organizations } },
        },
        {
          Sid: 'OrganizationCopiesGrantKeyToAwsServices',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': viaBackupServices, 'aws:PrincipalOrgID': organizations }, Bool: { 'kms:GrantIsForAWSResource': true } },
        },
      );
    }
    if (shared.length > 0) {
      // Cross-account copies: the source account's copy role uses the destination vault's key through AWS Backup,
      // and the destination account's service-linked role reads a source key through EC2, RDS or FSx (AWS Backup
      // "Encryption for backup copies"; "Logically air-gapped vault", key policy for copy/restore).
      statements.push(
        {
          Sid: 'CopyAccountsUseKey',
          Effect: 'Allow',
          Principal: { AWS: shared.map((a) => accountRootArn(partition, a)) },
          Action: KMS_USE_ACTIONS,
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': viaBackupServices, 'kms:CallerAccount': shared } },
        },
        {
          Sid: 'CopyAccountsGrantKeyToAwsServices',
          Effect: 'Allow',
          Principal: { AWS: shared.map((a) => accountRootArn(partition, a)) },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': viaBackupServices, 'kms:CallerAccount': shared }, Bool: { 'kms:GrantIsForAWSResource': true } },
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
