import { DeleteFileSystemCommand, DeleteMountTargetCommand, DescribeFileSystemsCommand, DescribeMountTargetsCommand } from '@aws-sdk/client-efs';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { efsClient } from '../../shared/clients/efs';
import { isAwsError, NamedError } from '../../shared/errors';
import { CLEANUP_IN_PROGRESS } from '../../../config/function-contract/task-errors';
import { type RestoredResource, tagMap } from './types';

/**
 * A file system can only be deleted once its mount targets are gone, and mount targets are deleted asynchronously.
 * Rather than wait inside the function, this throws CleanupInProgress: the state machine retries it with backoff.
 */
export const efsFileSystem: RestoredResource = {
  notFoundErrors: ['FileSystemNotFound'],
  async readTags(arn) {
    const { FileSystems = [] } = await efsClient(parseArn(arn).region).send(new DescribeFileSystemsCommand({ FileSystemId: resourceIdFromArn(arn) }));
    return tagMap(FileSystems[0]?.Tags);
  },
  async delete(arn) {
    const client = efsClient(parseArn(arn).region);
    const fileSystemId = resourceIdFromArn(arn);
    const { FileSystems = [] } = await client.send(new DescribeFileSystemsCommand({ FileSystemId: fileSystemId }));
    if (['deleting', 'deleted'].includes(FileSystems[0]?.LifeCycleState ?? '')) return 'ALREADY_GONE';
    const { MountTargets = [] } = await client.send(new DescribeMountTargetsCommand({ FileSystemId: fileSystemId }));
    for (const target of MountTargets) {
      if (target.MountTargetId && !['deleting', 'deleted'].includes(target.LifeCycleState ?? '')) {
        await client.send(new DeleteMountTargetCommand({ MountTargetId: target.MountTargetId }));
      }
    }
    if (MountTargets.length > 0) {
      throw new NamedError(CLEANUP_IN_PROGRESS, `Deleting ${MountTargets.length} mount targets of ${fileSystemId}; retry to delete the file system`);
    }
    try {
      await client.send(new DeleteFileSystemCommand({ FileSystemId: fileSystemId }));
    } catch (error) {
      if (isAwsError(error, 'FileSystemInUse')) throw new NamedError(CLEANUP_IN_PROGRESS, `File system ${fileSystemId} is still in use; retry`);
      throw error;
    }
    return 'DELETED';
  },
};
