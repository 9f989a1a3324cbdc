import { resourceIdFromArn } from '../shared/arn';
import { withDrillForcedKeys } from '../../config/function-contract/drill-restore-metadata';
import { NamedError } from '../shared/errors';
import { DYNAMODB_TABLE, drillResourceName, EFS_CREATION_TOKEN, RDS_IDENTIFIER, S3_BUCKET } from './drill-names';

export interface RestoreMetadataRequest {
  action: 'restore-metadata';
  resourceType: string;
  /** The protected (source) resource. */
  resourceArn: string;
  recoveryPointArn: string;
  /** `RestoreMetadata` of GetRecoveryPointRestoreMetadata. */
  restoreMetadata: Record<string, string>;
  /** Applied last, e.g. a subnet group or an availability zone for the drill. */
  overrides?: Record<string, string | number | boolean>;
  drillId: string;
}

export type Metadata = Record<string, string>;

interface RestoreShape {
  /** Metadata for a new resource, before overrides. */
  build(metadata: Metadata, drillId: string): Metadata;
  /** Override keys that configure something else than the restore (the drill uses them later): not sent to AWS Backup. */
  readonly notRestoreKeys?: readonly string[];
  /** Why `metadata` would write onto the source resource, if it would. */
  targetsSource(metadata: Metadata, sourceArn: string): string | undefined;
}

const sameName = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * Restores never touch the source: every shape names a new resource, and the final metadata (overrides included) is
 * checked again. Keys follow the AWS Backup developer guide's restore metadata for each resource type.
 */
const SHAPES: Readonly<Record<string, RestoreShape>> = {
  // An EBS restore always creates a new volume; availability zone, type, size and encryption come from the backup.
  EBS: {
    build: (metadata) => ({ ...metadata }),
    targetsSource: () => undefined,
  },
  RDS: {
    build: (metadata, drillId) => ({ ...metadata, DBInstanceIdentifier: drillResourceName(drillId, RDS_IDENTIFIER) }),
    targetsSource: (metadata, sourceArn) =>
      !metadata.DBInstanceIdentifier
        ? 'DBInstanceIdentifier is empty'
        : sameName(metadata.DBInstanceIdentifier, resourceIdFromArn(sourceArn))
          ? `DBInstanceIdentifier ${metadata.DBInstanceIdentifier} is the source instance`
          : undefined,
  },
  // Aurora restores create the cluster only (restoring-aur.html): the drill then adds a writer instance, whose class
  // an override DBInstanceClass chooses; the cluster restore (RestoreDBClusterFromSnapshot's options) has no such key.
  Aurora: {
    notRestoreKeys: ['DBInstanceClass'],
    build: (metadata, drillId) => ({ ...metadata, DBClusterIdentifier: drillResourceName(drillId, RDS_IDENTIFIER) }),
    targetsSource: (metadata, sourceArn) =>
      !metadata.DBClusterIdentifier
        ? 'DBClusterIdentifier is empty'
        : sameName(metadata.DBClusterIdentifier, resourceIdFromArn(sourceArn))
          ? `DBClusterIdentifier ${metadata.DBClusterIdentifier} is the source cluster`
          : undefined,
  },
  DynamoDB: {
    build: (metadata, drillId) => ({ ...metadata, targetTableName: drillResourceName(drillId, DYNAMODB_TABLE) }),
    targetsSource: (metadata, sourceArn) =>
      !metadata.targetTableName
        ? 'targetTableName is empty'
        : metadata.targetTableName === resourceIdFromArn(sourceArn)
          ? `targetTableName ${metadata.targetTableName} is the source table`
          : undefined,
  },
  S3: {
    build: (metadata, drillId) => {
      const bucket = drillResourceName(drillId, S3_BUCKET);
      const restored: Metadata = {
        ...metadata,
        NewBucket: 'true',
        DestinationBucketName: bucket,
        // Restored data is encrypted: as the backup was when it says so, SSE-S3 otherwise.
        Encrypted: 'true',
        EncryptionType: metadata.EncryptionType ?? (metadata.KMSKey ? 'SSE-KMS' : 'SSE-S3'),
        CreationToken: bucket,
      };
      // A drill restores the whole bucket, whatever item list the backup metadata may carry.
      delete restored.ItemsToRestore;
      return restored;
    },
    targetsSource: (metadata, sourceArn) =>
      metadata.NewBucket !== 'true'
        ? `NewBucket is "${metadata.NewBucket}": a drill restores into a new bucket only`
        : !metadata.DestinationBucketName
          ? 'DestinationBucketName is empty'
          : metadata.DestinationBucketName === resourceIdFromArn(sourceArn)
            ? `DestinationBucketName ${metadata.DestinationBucketName} is the source bucket`
            : undefined,
  },
  EFS: {
    build: (metadata, drillId) => {
      const restored: Metadata = {
        ...metadata,
        newFileSystem: 'true',
        CreationToken: drillResourceName(drillId, EFS_CREATION_TOKEN),
        PerformanceMode: metadata.PerformanceMode ?? 'generalPurpose',
        // A KMS key only works on an encrypted file system; keep the source's key and encryption.
        Encrypted: metadata.KmsKeyId ? 'true' : (metadata.Encrypted ?? 'true'),
      };
      delete restored.ItemsToRestore;
      return restored;
    },
    targetsSource: (metadata) =>
      metadata.newFileSystem !== 'true' ? `newFileSystem is "${metadata.newFileSystem}": a drill restores into a new file system only` : undefined,
  },
};

export const SUPPORTED_RESTORE_TYPES = Object.keys(SHAPES);

export function restoreMetadata(request: RestoreMetadataRequest): { metadata: Metadata } {
  const shape = SHAPES[request.resourceType];
  if (!shape) {
    throw new NamedError(
      'UnsupportedResourceType',
      `No drill restore for resource type ${request.resourceType}; supported: ${SUPPORTED_RESTORE_TYPES.join(', ')}`,
    );
  }
  if (!request.drillId || !request.resourceArn) throw new NamedError('InvalidRequest', 'restore-metadata needs drillId and resourceArn');
  const overrides = Object.fromEntries(Object.entries(request.overrides ?? {})
    .filter(([key]) => !(shape.notRestoreKeys ?? []).includes(key))
    .map(([key, value]) => [key, String(value)]));
  const built = shape.build({ ...(request.restoreMetadata ?? {}) }, request.drillId);
  // The clean-up may delete only drill-named resources: an override must not rename what the drill creates.
  const renamed = Object.keys(overrides).filter((key) => built[key]?.startsWith('drill-') && overrides[key] !== built[key]);
  if (renamed.length > 0) {
    throw new NamedError('UnsafeRestoreMetadata', `Overrides may not rename the restored resource (${renamed.join(', ')}): drills name it ${built[renamed[0]]}`);
  }
  const metadata = withDrillForcedKeys({ ...built, ...overrides }, request.resourceType);
  const problem = shape.targetsSource(metadata, request.resourceArn);
  if (problem) throw new NamedError('UnsafeRestoreMetadata', `Refusing restore metadata that targets the source resource: ${problem}`);
  return { metadata };
}
