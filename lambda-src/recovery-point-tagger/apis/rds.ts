import { AddTagsToResourceCommand } from '@aws-sdk/client-rds';
import { rdsClient } from '../../shared/clients/rds';
import type { Tagger } from './types';

export const tagWithRds: Tagger = async (arn, region, tags) => {
  await rdsClient(region).send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
};
