/*
 * How a recovery point is tagged, by the shape of its ARN. AWS Backup's TagResource accepts only recovery points whose
 * ARN is AWS Backup's own (`arn:<partition>:backup:...:recovery-point:...`); the others are snapshots, images or
 * backups of the owning service and are tagged through that service. The evidence is in
 * config/aws-facts/recovery-point-tagging.ts; the tagger function and its IAM grants both read this table (this file
 * imports nothing).
 */

/** The tag naming the plan (by its configured name) that made a recovery point; the tagger adds it beside the configured tags. */
export const SOURCE_PLAN_TAG = 'source-plan';

export type RecoveryPointTaggingApi = 'backup:TagResource' | 'ec2:CreateTags' | 'rds:AddTagsToResource';

export interface RecoveryPointArnShape {
  /** The ARN's service. */
  readonly service: string;
  /** Prefix of the resource part (after region and account). */
  readonly resourcePrefix: string;
  /** What it is, for messages. */
  readonly what: string;
  /** The call that tags it, or null where the tagger does not tag it (then `untaggedBecause` says why). */
  readonly api: RecoveryPointTaggingApi | null;
  readonly untaggedBecause?: string;
}

export const RECOVERY_POINT_ARN_SHAPES: readonly RecoveryPointArnShape[] = [
  { service: 'backup', resourcePrefix: 'recovery-point:', what: 'recovery point AWS Backup fully manages (EFS, S3, advanced DynamoDB, ...)', api: 'backup:TagResource' },
  { service: 'ec2', resourcePrefix: 'snapshot/', what: 'EBS snapshot', api: 'ec2:CreateTags' },
  { service: 'ec2', resourcePrefix: 'image/', what: 'AMI of an EC2 instance backup', api: 'ec2:CreateTags' },
  { service: 'rds', resourcePrefix: 'snapshot:', what: 'RDS DB snapshot', api: 'rds:AddTagsToResource' },
  { service: 'rds', resourcePrefix: 'cluster-snapshot:', what: 'Aurora, DocumentDB or Neptune cluster snapshot', api: 'rds:AddTagsToResource' },
  {
    service: 'fsx', resourcePrefix: 'backup/', what: 'FSx backup', api: null,
    untaggedBecause: 'FSx backups are tagged with fsx:TagResource, which needs an FSx SDK client the functions do not bundle; left untagged and reported',
  },
  {
    service: 'dynamodb', resourcePrefix: 'table/', what: 'DynamoDB backup without advanced features', api: null,
    untaggedBecause: 'a DynamoDB backup (table/<name>/backup/<id>) has no backup ARN, so AWS Backup cannot tag it; turn on advanced DynamoDB backup (full management in the Region settings) for backup ARNs',
  },
];

/** The shape of an ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`), or undefined for an unknown one. */
export function recoveryPointArnShapeOf(arn: string): RecoveryPointArnShape | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2];
  const resource = parts.slice(5).join(':');
  return RECOVERY_POINT_ARN_SHAPES.find((s) => s.service === service && resource.startsWith(s.resourcePrefix));
}
