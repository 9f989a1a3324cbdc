import { TagResourceCommand } from '@aws-sdk/client-backup';
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { AddTagsToResourceCommand } from '@aws-sdk/client-rds';
import { type RecoveryPointTaggingApi, recoveryPointArnShapeOf } from '../../config/function-contract/recovery-point-tagging';
import { resourceIdFromArn } from '../shared/arn';
import { backupClient } from '../shared/clients/backup';
import { ec2Client } from '../shared/clients/ec2';
import { rdsClient } from '../shared/clients/rds';

/*
 * Tags a recovery point through the API that owns its ARN shape (config/function-contract/recovery-point-tagging.ts):
 * AWS Backup's TagResource rejects every ARN that is not a backup ARN, so an EBS snapshot, an AMI or an RDS snapshot
 * sent there would fail, be retried, reach the dead-letter queue and raise the alarm.
 */

type Tagger = (arn: string, region: string, tags: Record<string, string>) => Promise<void>;

const TAGGERS: Readonly<Record<RecoveryPointTaggingApi, Tagger>> = {
  'backup:TagResource': async (arn, region, tags) => {
    await backupClient(region).send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));
  },
  'ec2:CreateTags': async (arn, region, tags) => {
    // `snapshot/snap-...` and `image/ami-...`: EC2 tags by resource ID.
    await ec2Client(region).send(new CreateTagsCommand({ Resources: [resourceIdFromArn(arn)], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
  },
  'rds:AddTagsToResource': async (arn, region, tags) => {
    await rdsClient(region).send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
  },
};

export type TagOutcome = { tagged: true; api: RecoveryPointTaggingApi } | { tagged: false; reason: string };

/** Tags the recovery point, or says why it is not tagged (a shape no API here tags: reported, not retried). */
export async function tagByArnShape(arn: string, region: string, tags: Record<string, string>): Promise<TagOutcome> {
  const shape = recoveryPointArnShapeOf(arn);
  if (!shape) return { tagged: false, reason: `no known tagging API for a recovery point ARN of this shape: ${arn}` };
  if (!shape.api) return { tagged: false, reason: `${shape.what}: ${shape.untaggedBecause}` };
  await TAGGERS[shape.api](arn, region, tags);
  return { tagged: true, api: shape.api };
}
