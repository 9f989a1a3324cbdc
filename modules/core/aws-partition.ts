import { partition as sdkPartition } from '@aws-sdk/util-endpoints';

/** Everything an ARN or a service endpoint needs to know about where it lives. */
export interface AwsLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * Host name of a regional service endpoint, as used by `kms:ViaService` (e.g. backup.<region>.<suffix>).
 * The DNS suffix comes from the AWS SDK partition data, so China regions get theirs without a literal here.
 */
export function serviceEndpoint(service: string, region: string): string {
  return `${service}.${region}.${sdkPartition(region).dnsSuffix}`;
}

/** The `kms:ViaService` values of several services in one region (sorted). */
export function serviceEndpoints(services: readonly string[], region: string): string[] {
  return services.map((service) => serviceEndpoint(service, region)).sort();
}

/**
 * IAM service principal. AWS uses `<service>.amazonaws.com` for these services in every partition,
 * including aws-cn and aws-us-gov, for the services this project trusts (backup, sns, states, lambda...).
 */
export function servicePrincipal(service: string): string {
  return `${service}.amazonaws.com`;
}

/** `arn:<partition>:iam::<account>:root`: the account itself as a principal (delegates to its IAM policies). */
export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

export function iamRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** AWS-managed policy ARN (account "aws" in every partition). */
export function awsManagedPolicyArn(partition: string, path: string): string {
  return `arn:${partition}:iam::aws:policy/${path}`;
}

export function regionalArn(location: AwsLocation, service: string, resource: string): string {
  return `arn:${location.partition}:${service}:${location.region}:${location.accountId}:${resource}`;
}

/**
 * ARNs a recovery point can have: AWS Backup's own (EFS, DynamoDB with advanced features, S3...) and the
 * snapshots other services keep for it (EBS and EC2, RDS and Aurora, DynamoDB, FSx). IAM checks recovery-point
 * actions (StartCopyJob, StartRestoreJob, GetRecoveryPointRestoreMetadata, TagResource) against these.
 */
/**
 * [statement suffix, action, ARN patterns] per API that tags recovery points of this account in any Region, one per
 * API of config/function-contract/recovery-point-tagging.ts (EC2 snapshot and image ARNs carry no account).
 */
export function recoveryPointTaggingGrants(partition: string, accountId: string): [string, string, string[]][] {
  return [
    ['Backup', 'backup:TagResource', [`arn:${partition}:backup:*:${accountId}:recovery-point:*`]],
    ['Ec2', 'ec2:CreateTags', [`arn:${partition}:ec2:*::snapshot/*`, `arn:${partition}:ec2:*::image/*`]],
    ['Rds', 'rds:AddTagsToResource', [`arn:${partition}:rds:*:${accountId}:snapshot:awsbackup:*`, `arn:${partition}:rds:*:${accountId}:cluster-snapshot:awsbackup:*`]],
  ];
}

export function recoveryPointArnPatterns(partition: string, region: string, accountId: string): string[] {
  return [
    `arn:${partition}:backup:${region}:${accountId}:recovery-point:*`,
    `arn:${partition}:ec2:${region}::snapshot/*`,
    `arn:${partition}:ec2:${region}::image/*`,
    `arn:${partition}:rds:${region}:${accountId}:snapshot:awsbackup:*`,
    `arn:${partition}:rds:${region}:${accountId}:cluster-snapshot:awsbackup:*`,
    `arn:${partition}:dynamodb:${region}:${accountId}:table/*/backup/*`,
    `arn:${partition}:fsx:${region}:${accountId}:backup/*`,
  ];
}
