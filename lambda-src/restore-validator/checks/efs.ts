import { DescribeFileSystemsCommand, TagResourceCommand } from '@aws-sdk/client-efs';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { efsClient } from '../../shared/clients/efs';
import { failed, passed, type ResourceCheck } from './types';

export const efsCheck: ResourceCheck = {
  notFoundErrors: ['FileSystemNotFound'],
  async tag(arn, tags) {
    await efsClient(parseArn(arn).region).send(
      new TagResourceCommand({ ResourceId: resourceIdFromArn(arn), Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
    );
  },
  async check(arn) {
    const fileSystemId = resourceIdFromArn(arn);
    const { FileSystems = [] } = await efsClient(parseArn(arn).region).send(new DescribeFileSystemsCommand({ FileSystemId: fileSystemId }));
    const state = FileSystems[0]?.LifeCycleState;
    return state === 'available'
      ? passed(`File system ${fileSystemId} is available`)
      : failed(`File system ${fileSystemId} is ${state ?? 'missing'}, not available`);
  },
};
