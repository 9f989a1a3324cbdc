import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { vaultKeyServices } from '../../config/aws-facts';
import { awsManagedPolicyArn, iamRoleArn, serviceEndpoint, serviceEndpoints } from '../core/aws-partition';
import { backupServiceTrustPolicy } from './backup-trust-policy';
import type { PublishedParameter } from '../core/published-parameter';
import { KMS_USE_ACTIONS, policyJson, type PolicyStatement } from '../iam/policy-document';

/** The key of a vault in another account that this role's copies land in. */
export interface CopyDestinationKey {
  readonly region: string;
  readonly accountId: string;
  /** The key's ARN when the config names it; otherwise the key is found by its alias. */
  readonly keyArn?: string;
  /** Alias name (without `alias/`) of the key the destination's stack creates. */
  readonly aliasName?: string;
}

export interface BackupServiceRoleProps {
  /** IAM is global: the primary region's provider. */
  readonly provider: AwsProvider;
  readonly partition: string;
  readonly accountId: string;
  readonly roleName: string;
  /** What the role does, for the IAM console. */
  readonly purpose: 'backup' | 'restore';
  /** Keys of this environment's vaults (ARNs or tokens), with their regions: used through the services that handle recovery points. */
  readonly vaultKeys: readonly { readonly region: string; readonly keyArn: string }[];
  /** Keys of other accounts' vaults this role copies into (backup roles). @default none */
  readonly copyDestinationKeys?: readonly CopyDestinationKey[];
}

/**
 * The role AWS Backup assumes to take backups (purpose "backup") or to restore them (purpose "restore"), kept
 * separate so a restore never runs with backup rights and the reverse.
 *
 * Why AWS-managed policies are kept here: AWSBackupServiceRolePolicyForBackup / ForRestores (and their S3
 * companions) list the per-service calls AWS Backup makes for every resource type it supports (EC2, EBS, RDS,
 * Aurora, DynamoDB, EFS, FSx, Storage Gateway, DocumentDB, Neptune, Redshift, Timestream, SAP HANA, S3...).
 * AWS changes that list as services change; a hand-written copy would fail jobs silently when it drifts. What
 * this project adds on top is scoped to its own resources: its vault keys, through the services that handle
 * recovery points, and for copies into another account that account's vault keys through AWS Backup (the source
 * copy role uses the destination key: AWS Backup, "Logically air-gapped vault", key policy for copy/restore).
 */
export class BackupServiceRole extends Construct {
  public readonly role: IamRole;
  /** Known at plan time (built from config). */
  public readonly roleArn: string;
  /** The role's ARN, for the environment's SSM hierarchy. */
  public readonly publishedParameters: readonly PublishedParameter[];

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
    this.publishedParameters = [{ ...PUBLISHED_ROLE_ARN[props.purpose], value: this.role.arn }];
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
    const statements = [...ownKeyStatements(props), ...copyDestinationStatements(props)];
    if (statements.length > 0) {
      new IamRolePolicy(this, 'vault-keys', {
        provider: props.provider,
        role: this.role.name,
        name: 'use-vault-keys-through-backup-services',
        policy: policyJson(statements),
      });
    }
  }
}

/** Where each purpose's role ARN is published in the environment's SSM hierarchy. */
const PUBLISHED_ROLE_ARN: Readonly<Record<BackupServiceRoleProps['purpose'], Omit<PublishedParameter, 'value'>>> = {
  backup: { path: 'roles/backup-service/arn', description: 'Role AWS Backup assumes to take backups' },
  restore: { path: 'roles/restore/arn', description: 'Role AWS Backup assumes to restore' },
};

function ownKeyStatements(props: BackupServiceRoleProps): PolicyStatement[] {
  if (props.vaultKeys.length === 0) return [];
  const regions = [...new Set(props.vaultKeys.map((k) => k.region))].sort();
  const via = regions.flatMap((r) => serviceEndpoints(vaultKeyServices(), r));
  const keys = props.vaultKeys.map((k) => k.keyArn);
  return [
    { Sid: 'UseVaultKeysThroughBackupServices', Effect: 'Allow', Action: KMS_USE_ACTIONS, Resource: keys, Condition: { StringEquals: { 'kms:ViaService': via } } },
    {
      Sid: 'GrantVaultKeysToAwsResources',
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: keys,
      Condition: { StringEquals: { 'kms:ViaService': via }, Bool: { 'kms:GrantIsForAWSResource': true } },
    },
  ];
}

/** Destination keys of cross-account copies: by ARN when known, else any key of that account and region carrying the alias. */
function copyDestinationStatements(props: BackupServiceRoleProps): PolicyStatement[] {
  const keys = props.copyDestinationKeys ?? [];
  const byArn = keys.filter((k) => k.keyArn !== undefined);
  const byAlias = keys.filter((k) => k.keyArn === undefined && k.aliasName !== undefined);
  const via = [...new Set(keys.map((k) => serviceEndpoint('backup', k.region)))].sort();
  const statements: PolicyStatement[] = [];
  const grant = (sid: string, resource: string[], extra: NonNullable<PolicyStatement['Condition']>): PolicyStatement[] => [
    { Sid: sid, Effect: 'Allow', Action: KMS_USE_ACTIONS, Resource: resource, Condition: { StringEquals: { 'kms:ViaService': via }, ...extra } },
    {
      Sid: `${sid}Grants`,
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: resource,
      Condition: { StringEquals: { 'kms:ViaService': via }, Bool: { 'kms:GrantIsForAWSResource': true }, ...extra },
    },
  ];
  if (byArn.length > 0) statements.push(...grant('UseCopyDestinationKeys', byArn.map((k) => k.keyArn as string), {}));
  if (byAlias.length > 0) {
    const resources = [...new Set(byAlias.map((k) => `arn:${props.partition}:kms:${k.region}:${k.accountId}:key/*`))];
    const aliases = [...new Set(byAlias.map((k) => `alias/${k.aliasName}`))];
    statements.push(...grant('UseCopyDestinationKeysByAlias', resources, { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': aliases } }));
  }
  return statements;
}
