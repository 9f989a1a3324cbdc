import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { awsManagedPolicyArn, iamRoleArn, serviceEndpoint } from './aws-partition';
import { backupServiceTrustPolicy } from './backup-trust-policy';
import { KMS_USE_ACTIONS, policyJson } from './policy-document';

export interface BackupServiceRoleProps {
  /** IAM is global: the primary region's provider. */
  readonly provider: AwsProvider;
  readonly partition: string;
  readonly accountId: string;
  readonly roleName: string;
  /** What the role does, for the IAM console. */
  readonly purpose: 'backup' | 'restore';
  /** Keys of this environment's vaults (ARNs or tokens), with their regions; the role may use them via AWS Backup. */
  readonly vaultKeys: readonly { readonly region: string; readonly keyArn: string }[];
}

/**
 * The role AWS Backup assumes to take backups (purpose "backup") or to restore them (purpose "restore"), kept
 * separate so a restore never runs with backup rights and the reverse.
 *
 * Why AWS-managed policies are kept here: AWSBackupServiceRolePolicyForBackup / ForRestores (and their S3
 * companions) list the per-service calls AWS Backup makes for every resource type it supports (EC2, EBS, RDS,
 * Aurora, DynamoDB, EFS, FSx, Storage Gateway, DocumentDB, Neptune, Redshift, Timestream, SAP HANA, S3...).
 * AWS changes that list as services change; a hand-written copy would fail jobs silently when it drifts. What
 * this project adds on top is scoped to its own resources: its vault keys, and only through AWS Backup.
 */
export class BackupServiceRole extends Construct {
  public readonly role: IamRole;
  /** Known at plan time (built from config). */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: BackupServiceRoleProps) {
    super(scope, id);
    if (!/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
      throw new Error(`BackupServiceRole: IAM role names are 1-64 of letters, digits and +=,.@_-; got "${props.roleName}"`);
    }
    this.roleArn = iamRoleArn(props.partition, props.accountId, props.roleName);
    this.role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.roleName,
      description: `AWS Backup ${props.purpose} role (managed by cdktf-aws-backup)`,
      assumeRolePolicy: backupServiceTrustPolicy(props.accountId),
      maxSessionDuration: 3600,
    });
    const managed = props.purpose === 'backup'
      ? ['service-role/AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForS3Backup']
      : ['service-role/AWSBackupServiceRolePolicyForRestores', 'AWSBackupServiceRolePolicyForS3Restore'];
    managed.forEach((path, i) => {
      new IamRolePolicyAttachment(this, `managed-${i}`, {
        provider: props.provider,
        role: this.role.name,
        policyArn: awsManagedPolicyArn(props.partition, path),
      });
    });
    if (props.vaultKeys.length > 0) {
      const regions = [...new Set(props.vaultKeys.map((k) => k.region))].sort();
      new IamRolePolicy(this, 'vault-keys', {
        provider: props.provider,
        role: this.role.name,
        name: 'use-vault-keys-through-backup',
        policy: policyJson([
          {
            Sid: 'UseVaultKeysThroughBackup',
            Effect: 'Allow',
            Action: KMS_USE_ACTIONS,
            Resource: props.vaultKeys.map((k) => k.keyArn),
            Condition: { StringEquals: { 'kms:ViaService': regions.map((r) => serviceEndpoint('backup', r)) } },
          },
          {
            Sid: 'GrantVaultKeysToAwsResources',
            Effect: 'Allow',
            Action: 'kms:CreateGrant',
            Resource: props.vaultKeys.map((k) => k.keyArn),
            Condition: {
              StringEquals: { 'kms:ViaService': regions.map((r) => serviceEndpoint('backup', r)) },
              Bool: { 'kms:GrantIsForAWSResource': true },
            },
          },
        ]),
      });
    }
  }
}
