import {
  type DBInstance,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-rds';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { rdsClient } from '../../shared/clients/rds';
import { CLEANUP_IN_PROGRESS } from '../../../config/function-contract/task-errors';
import { DRILL_TAG_KEY } from '../../shared/drill';
import { isAwsError, NamedError } from '../../shared/errors';
import { type RestoredResource, tagMap } from './types';

async function listTags(arn: string): Promise<Record<string, string>> {
  const { TagList } = await rdsClient(parseArn(arn).region).send(new ListTagsForResourceCommand({ ResourceName: arn }));
  return tagMap(TagList);
}

export const rdsInstance: RestoredResource = {
  notFoundErrors: ['DBInstanceNotFound', 'DBInstanceNotFoundFault'],
  readTags: listTags,
  async delete(arn) {
    const client = rdsClient(parseArn(arn).region);
    const identifier = resourceIdFromArn(arn);
    const { DBInstances = [] } = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
    if (DBInstances[0]?.DBInstanceStatus === 'deleting') return 'ALREADY_GONE';
    // A drill's copy holds no data worth keeping: no final snapshot, and its automated backups go with it.
    await client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: identifier, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }));
    return 'DELETED';
  },
};

/*
 * A restored Aurora cluster holds the writer instance the drill added (AWS Backup restores the cluster only), and a
 * cluster with instances cannot be deleted: the instances go first, then the cluster. Each member must carry this
 * drill's tag (an instance someone else added is never deleted); deleting instances takes minutes, so the function
 * hands back with CleanupInProgress until none is left.
 */
export const auroraCluster: RestoredResource = {
  notFoundErrors: ['DBClusterNotFoundFault', 'DBClusterNotFound'],
  readTags: listTags,
  async delete(arn, run) {
    const client = rdsClient(parseArn(arn).region);
    const identifier = resourceIdFromArn(arn);
    const { DBClusters = [] } = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }));
    const cluster = DBClusters[0];
    if (cluster?.Status === 'deleting') return 'ALREADY_GONE';
    const members = cluster?.DBClusterMembers ?? [];
    if (members.length > 0) {
      for (const member of members) await deleteDrillInstance(client, member.DBInstanceIdentifier ?? '', identifier, run.drillId);
      throw new NamedError(CLEANUP_IN_PROGRESS, `Deleting ${members.length} instance(s) of cluster ${identifier}; retry to delete the cluster`);
    }
    await client.send(new DeleteDBClusterCommand({ DBClusterIdentifier: identifier, SkipFinalSnapshot: true }));
    return 'DELETED';
  },
};

async function deleteDrillInstance(client: ReturnType<typeof rdsClient>, instance: string, cluster: string, drillId: string): Promise<void> {
  let described: DBInstance | undefined;
  try {
    described = (await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instance }))).DBInstances?.[0];
  } catch (error) {
    if (isAwsError(error, ...rdsInstance.notFoundErrors)) return;
    throw error;
  }
  const tag = described?.TagList?.find((t) => t.Key === DRILL_TAG_KEY)?.Value;
  if (tag !== drillId) {
    throw new NamedError('CleanupRefused', `Cluster ${cluster} has instance ${instance} that is not this drill's (${DRILL_TAG_KEY}=${tag ?? 'none'}); not deleting it or the cluster`);
  }
  if (described?.DBInstanceStatus === 'deleting') return;
  try {
    // An Aurora instance has no final snapshot of its own: the cluster's data is the cluster's.
    await client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: instance }));
  } catch (error) {
    if (!isAwsError(error, ...rdsInstance.notFoundErrors)) throw error;
  }
}
