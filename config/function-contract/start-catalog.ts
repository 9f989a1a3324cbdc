/*
 * What the start endpoint may start: the stack publishes this catalog (JSON) below PARAMETER_ROOT, the start-execution
 * function reads it and refuses every request outside it before it calls StartExecution. Imports nothing, so a
 * function bundle pulls in only these names.
 */

/** One configured DR drill (orchestration.drills of the API region), as the drill machine receives it. */
export interface StartCatalogDrill {
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly vaultName?: string;
  /** The config's overrides; a caller's allow-listed overrides are applied on top, the forced values last. */
  readonly restoreMetadataOverrides: Readonly<Record<string, string>>;
  readonly targetRecoveryMinutes?: number;
}

export interface StartCatalog {
  readonly partition: string;
  readonly accountId: string;
  /** The API's region: on-demand backups run there, so the resource must be there too (or global, like S3). */
  readonly region: string;
  /** `<plan>/<rule>` of the region's plans: the only rules an on-demand backup may follow. */
  readonly onDemandRules: readonly string[];
  /** By drill name; only where the API exposes the drill machine. */
  readonly drills: Readonly<Record<string, StartCatalogDrill>>;
}

/**
 * Restore metadata keys a caller may override in a drill: sizing and placement inside the restore's own network
 * settings, nothing that renames the restored resource, changes its network exposure, its encryption or its access.
 * (Keys as AWS Backup's restore metadata names them:
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ebs.html.)
 */
export const CALLER_OVERRIDE_KEYS: readonly string[] = ['AvailabilityZone', 'DBInstanceClass', 'InstanceType', 'Iops', 'StorageType', 'VolumeType'];
