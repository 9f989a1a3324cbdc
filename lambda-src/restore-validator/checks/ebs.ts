import { CreateTagsCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { ec2Client } from '../../shared/clients/ec2';
import { failed, passed, type ResourceCheck } from './types';

export const ebsCheck: ResourceCheck = {
  notFoundErrors: ['InvalidVolume.NotFound'],
  async tag(arn, tags) {
    await ec2Client(parseArn(arn).region).send(
      new CreateTagsCommand({ Resources: [resourceIdFromArn(arn)], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
    );
  },
  async check(arn) {
    const volumeId = resourceIdFromArn(arn);
    const { Volumes = [] } = await ec2Client(parseArn(arn).region).send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
    const state = Volumes[0]?.State;
    return state === 'available' ? passed(`Volume ${volumeId} is available`) : failed(`Volume ${volumeId} is ${state ?? 'missing'}, not available`);
  },
};
