/*
 * Restore metadata a DR drill forces, per resource type, whatever the recovery point's own metadata or the drill's
 * overrides say: a restored copy must be deletable by the drill's clean-up, and GetRecoveryPointRestoreMetadata
 * hands back the source's settings, deletion protection included. The evidence for each key is in
 * config/aws-facts/restore-metadata.ts (this file imports nothing, so the restore planner can read it).
 *
 * AWS Backup compares restore metadata keys without regard to case, so a key given in another case is replaced.
 */
export const DRILL_FORCED_RESTORE_METADATA: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Never reachable from the internet, whatever the source instance was (scheduled drills too, not only API starts).
  RDS: { DeletionProtection: 'false', PubliclyAccessible: 'false' },
  Aurora: { DeletionProtection: 'false' },
  DynamoDB: { deletionProtection: 'false' },
};

/**
 * `metadata` with the drill's forced keys for `resourceType` replacing the values given, in whatever case they were
 * given (AWS Backup compares restore metadata keys without case). The restore planner and the start endpoint both
 * apply it, so a drill started either way carries the same forced values.
 */
export function withDrillForcedKeys(metadata: Readonly<Record<string, string>>, resourceType: string): Record<string, string> {
  const forced = DRILL_FORCED_RESTORE_METADATA[resourceType] ?? {};
  const lower = new Set(Object.keys(forced).map((k) => k.toLowerCase()));
  return { ...Object.fromEntries(Object.entries(metadata).filter(([key]) => !lower.has(key.toLowerCase()))), ...forced };
}
