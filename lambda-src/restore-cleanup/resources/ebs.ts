import { DeleteVolumeCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { ec2Client } from '../../shared/clients/ec2';
import { type RestoredResource, tagMap } from './types';

export const ebsVolume: RestoredResource = {
  notFoundErrors: ['InvalidVolume.NotFound'],
  async readTags(arn) {
    const { Volumes = [] } = await ec2Client(parseArn(arn).region).send(new DescribeVolumesCommand({ VolumeIds: [resourceIdFromArn(arn)] }));
    return tagMap(Volumes[0]?.Tags);
  },
  async delete(arn) {
    await ec2Client(parseArn(arn).region).send(new DeleteVolumeCommand({ VolumeId: resourceIdFromArn(arn) }));
    return 'DELETED';
  },
};
