import { RECOVERY_POINT_ARN_SHAPES, type RecoveryPointTaggingApi } from '../function-contract/recovery-point-tagging';
import { SOURCES, type Source } from './sources';

/*
 * Evidence for config/function-contract/recovery-point-tagging.ts: which API tags a recovery point of each ARN shape.
 * AWS Backup's TagResource takes only backup ARNs; snapshots and images that the owning service keeps are tagged
 * with that service's API (an RDS snapshot by its ARN, an EBS snapshot or AMI by its ID).
 */

export const RECOVERY_POINT_TAGGING_SOURCES: Readonly<Record<RecoveryPointTaggingApi | 'untagged', readonly Source[]>> = {
  'backup:TagResource': [SOURCES.backupTagResourceArns],
  'ec2:CreateTags': [SOURCES.ec2CreateTags],
  'rds:AddTagsToResource': [SOURCES.rdsAddTagsToResource],
  'untagged': [SOURCES.backupTagResourceArns],
};

export const RECOVERY_POINT_TAGGING_FACTS = RECOVERY_POINT_ARN_SHAPES.map((shape) => ({
  ...shape,
  sources: RECOVERY_POINT_TAGGING_SOURCES[shape.api ?? 'untagged'],
}));
