import { DRILL_FORCED_RESTORE_METADATA } from '../function-contract/drill-restore-metadata';
import { SOURCES, type Source } from './sources';

/*
 * Restore metadata keys the DR drill relies on, per resource type, with where AWS documents them. The values the drill
 * forces live in config/function-contract/drill-restore-metadata.ts (the restore planner reads them there); this entry
 * is their evidence, and a test keeps the two in step.
 */

export interface RestoreMetadataFact {
  readonly resourceType: string;
  readonly key: string;
  /** What the key does on the restored resource. */
  readonly meaning: string;
  readonly sources: readonly Source[];
}

export const RESTORE_METADATA_FACTS: readonly RestoreMetadataFact[] = [
  {
    resourceType: 'RDS', key: 'DeletionProtection',
    meaning: 'Deletion protection of the restored DB instance (RestoreDBInstanceFromDBSnapshot option); true blocks DeleteDBInstance.',
    sources: [SOURCES.restoreRdsOptions, SOURCES.rdsRestoreInstanceDeletionProtection, SOURCES.restoreMetadataKeysCaseInsensitive],
  },
  {
    resourceType: 'RDS', key: 'PubliclyAccessible',
    meaning: 'Whether the restored DB instance gets a public address (RestoreDBInstanceFromDBSnapshot option); a drill copy of a database never does.',
    sources: [SOURCES.restoreRdsOptions, SOURCES.rdsRestoreInstancePubliclyAccessible, SOURCES.restoreMetadataKeysCaseInsensitive],
  },
  {
    resourceType: 'Aurora', key: 'DeletionProtection',
    meaning: 'Deletion protection of the restored DB cluster (RestoreDBClusterFromSnapshot option); true blocks DeleteDBCluster.',
    sources: [SOURCES.restoreAuroraOptions, SOURCES.rdsRestoreClusterDeletionProtection, SOURCES.restoreMetadataKeysCaseInsensitive],
  },
  {
    resourceType: 'DynamoDB', key: 'deletionProtection',
    meaning: 'Deletion protection of the restored table; AWS Backup itself sets it to false for restore tests, whose tables it deletes.',
    sources: [SOURCES.restoreTestingInferredMetadata],
  },
];

/** The forced keys, from the function contract: every one has a fact above (aws-facts.test.ts checks it). */
export const DRILL_FORCED_KEYS = Object.entries(DRILL_FORCED_RESTORE_METADATA).flatMap(([resourceType, keys]) => Object.keys(keys).map((key) => ({ resourceType, key })));
