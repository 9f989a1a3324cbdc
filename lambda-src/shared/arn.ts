/** The parts of an ARN. Resource ARNs are never built here: functions only take apart what AWS hands them. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  /** Empty for global resources (S3 buckets). */
  readonly region: string;
  /** Empty for some resources (S3 buckets, EBS snapshots). */
  readonly accountId: string;
  /** Everything after the account, e.g. `volume/vol-0abc` or `db:orders`. */
  readonly resource: string;
}

export function parseArn(arn: string): ArnParts {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw new Error(`Not an ARN: ${arn}`);
  const [, partition, service, region, accountId, ...resource] = parts;
  return { partition, service, region, accountId, resource: resource.join(':') };
}

/** The resource ID after the type prefix: `volume/vol-1` → `vol-1`, `db:orders` → `orders`, bucket → bucket. */
export function resourceIdFromArn(arn: string): string {
  const { resource } = parseArn(arn);
  const separator = resource.search(/[/:]/);
  return separator === -1 ? resource : resource.slice(separator + 1);
}

/**
 * The AWS Backup resource type of a protected resource, from its ARN. ListRecoveryPointsByResource does not return
 * it, and the checks and cleanups of the drill functions are chosen by it.
 */
export function backupResourceTypeFromArn(arn: string): string | undefined {
  const { service, resource } = parseArn(arn);
  if (service === 'ec2' && resource.startsWith('volume/')) return 'EBS';
  if (service === 'ec2' && resource.startsWith('instance/')) return 'EC2';
  if (service === 'rds' && resource.startsWith('db:')) return 'RDS';
  if (service === 'rds' && resource.startsWith('cluster:')) return 'Aurora';
  if (service === 'dynamodb' && resource.startsWith('table/')) return 'DynamoDB';
  if (service === 's3') return 'S3';
  if (service === 'elasticfilesystem' && resource.startsWith('file-system/')) return 'EFS';
  return undefined;
}
