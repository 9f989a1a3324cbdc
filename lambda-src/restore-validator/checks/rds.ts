import { AddTagsToResourceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { rdsClient } from '../../shared/clients/rds';
import { failed, passed, type ResourceCheck } from './types';

async function addTags(arn: string, tags: Record<string, string>): Promise<void> {
  await rdsClient(parseArn(arn).region).send(
    new AddTagsToResourceCommand({ ResourceName: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
  );
}

export const rdsInstanceCheck: ResourceCheck = {
  notFoundErrors: ['DBInstanceNotFound', 'DBInstanceNotFoundFault'],
  tag: addTags,
  async check(arn) {
    const identifier = resourceIdFromArn(arn);
    const { DBInstances = [] } = await rdsClient(parseArn(arn).region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
    const status = DBInstances[0]?.DBInstanceStatus;
    return status === 'available'
      ? passed(`DB instance ${identifier} is available`)
      : failed(`DB instance ${identifier} is ${status ?? 'missing'}, not available`);
  },
};

export const auroraClusterCheck: ResourceCheck = {
  notFoundErrors: ['DBClusterNotFoundFault', 'DBClusterNotFound'],
  tag: addTags,
  async check(arn) {
    const identifier = resourceIdFromArn(arn);
    const { DBClusters = [] } = await rdsClient(parseArn(arn).region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }));
    const status = DBClusters[0]?.Status;
    return status === 'available'
      ? passed(`DB cluster ${identifier} is available`)
      : failed(`DB cluster ${identifier} is ${status ?? 'missing'}, not available`);
  },
};
