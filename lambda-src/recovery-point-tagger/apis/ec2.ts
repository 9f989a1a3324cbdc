import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { resourceIdFromArn } from '../../shared/arn';
import { ec2Client } from '../../shared/clients/ec2';
import type { Tagger } from './types';

/** `snapshot/snap-...` and `image/ami-...`: EC2 tags by resource ID. */
export const tagWithEc2: Tagger = async (arn, region, tags) => {
  await ec2Client(region).send(new CreateTagsCommand({ Resources: [resourceIdFromArn(arn)], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
};
