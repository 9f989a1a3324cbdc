import { type RecoveryPointTaggingApi, recoveryPointArnShapeOf } from '../../config/function-contract/recovery-point-tagging';
import type { Tagger } from './apis/types';

/*
 * Tags a recovery point through the API that owns its ARN shape (config/function-contract/recovery-point-tagging.ts):
 * AWS Backup's TagResource rejects every ARN that is not a backup ARN, so an EBS snapshot, an AMI or an RDS snapshot
 * sent there would fail, be retried, reach the dead-letter queue and raise the alarm. Each API's client is imported
 * on first use (a chunk of the bundle loaded then), so a cold start evaluates none of them.
 */
const TAGGERS: Readonly<Record<RecoveryPointTaggingApi, () => Promise<Tagger>>> = {
  'backup:TagResource': async () => (await import('./apis/backup')).tagWithBackup,
  'ec2:CreateTags': async () => (await import('./apis/ec2')).tagWithEc2,
  'rds:AddTagsToResource': async () => (await import('./apis/rds')).tagWithRds,
};

export type TagOutcome = { tagged: true; api: RecoveryPointTaggingApi } | { tagged: false; reason: string };

/** Tags the recovery point, or says why it is not tagged (a shape no API here tags: reported, not retried). */
export async function tagByArnShape(arn: string, region: string, tags: Record<string, string>): Promise<TagOutcome> {
  const shape = recoveryPointArnShapeOf(arn);
  if (!shape) return { tagged: false, reason: `no known tagging API for a recovery point ARN of this shape: ${arn}` };
  if (!shape.api) return { tagged: false, reason: `${shape.what}: ${shape.untaggedBecause}` };
  const tag = await TAGGERS[shape.api]();
  await tag(arn, region, tags);
  return { tagged: true, api: shape.api };
}
