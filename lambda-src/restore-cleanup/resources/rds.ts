import {
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-rds';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { rdsClient } from '../../shared/clients/rds';
import { NamedError } from '../../shared/errors';
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

export const auroraCluster: RestoredResource = {
  notFoundErrors: ['DBClusterNotFoundFault', 'DBClusterNotFound'],
  readTags: listTags,
  async delete(arn) {
    const client = rdsClient(parseArn(arn).region);
    const identifier = resourceIdFromArn(arn);
    const { DBClusters = [] } = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }));
    const cluster = DBClusters[0];
    if (cluster?.Status === 'deleting') return 'ALREADY_GONE';
    // A restore creates the cluster without instances; instances mean someone else is using it.
    if (cluster?.DBClusterMembers && cluster.DBClusterMembers.length > 0) {
      throw new NamedError('CleanupRefused', `Cluster ${identifier} has instances the restore did not create; not deleting it`);
    }
    await client.send(new DeleteDBClusterCommand({ DBClusterIdentifier: identifier, SkipFinalSnapshot: true }));
    return 'DELETED';
  },
};
