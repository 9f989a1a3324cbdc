import { AddTagsToResourceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, type DBInstance } from '@aws-sdk/client-rds';
import { RESTORED_RESOURCE_NOT_READY } from '../../../config/function-contract/task-errors';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { rdsClient } from '../../shared/clients/rds';
import { NamedError } from '../../shared/errors';
import { failed, passed, type ResourceCheck, type Validation } from './types';

/*
 * DB instance states (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status):
 * right after a restore job completes an instance may still be `modifying`, `backing-up` or `configuring-...` (it
 * becomes `available` by itself), and a writer the drill adds to an Aurora cluster is `creating` for minutes. Those
 * are not failures: RestoredResourceNotReady asks the state machine to validate again later. Any other state than
 * `available` (failed, incompatible-..., storage-full, stopped...) is a failed validation.
 */
const TRANSITIONAL_STATES = new Set([
  'creating', 'modifying', 'backing-up', 'rebooting', 'renaming', 'resetting-master-credentials', 'starting', 'upgrading',
  'configuring-enhanced-monitoring', 'configuring-iam-database-auth', 'configuring-log-exports', 'converting-to-vpc', 'maintenance',
  'storage-optimization', 'moving-to-vpc',
]);

async function addTags(arn: string, tags: Record<string, string>): Promise<void> {
  await rdsClient(parseArn(arn).region).send(
    new AddTagsToResourceCommand({ ResourceName: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
  );
}

/** `available` passes, a transitional state is retried, anything else fails. */
export function instanceValidation(instance: Pick<DBInstance, 'DBInstanceIdentifier' | 'DBInstanceStatus'> | undefined, what: string): Validation {
  const status = instance?.DBInstanceStatus;
  if (status === 'available') return passed(`${what} ${instance?.DBInstanceIdentifier} is available`);
  if (status !== undefined && TRANSITIONAL_STATES.has(status)) {
    throw new NamedError(RESTORED_RESOURCE_NOT_READY, `${what} ${instance?.DBInstanceIdentifier} is ${status}; validate again later`);
  }
  return failed(`${what} ${instance?.DBInstanceIdentifier ?? ''} is ${status ?? 'missing'}, not available`);
}

export const rdsInstanceCheck: ResourceCheck = {
  notFoundErrors: ['DBInstanceNotFound', 'DBInstanceNotFoundFault'],
  tag: addTags,
  async check(arn) {
    const identifier = resourceIdFromArn(arn);
    const { DBInstances = [] } = await rdsClient(parseArn(arn).region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
    return instanceValidation(DBInstances[0] ?? { DBInstanceIdentifier: identifier }, 'DB instance');
  },
};

/** An Aurora cluster is usable when it is available and so is its writer instance (which the drill added). */
export const auroraClusterCheck: ResourceCheck = {
  notFoundErrors: ['DBClusterNotFoundFault', 'DBClusterNotFound', 'DBInstanceNotFound', 'DBInstanceNotFoundFault'],
  tag: addTags,
  async check(arn) {
    const client = rdsClient(parseArn(arn).region);
    const identifier = resourceIdFromArn(arn);
    const { DBClusters = [] } = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }));
    const cluster = DBClusters[0];
    const status = cluster?.Status;
    if (status !== 'available') {
      if (status !== undefined && TRANSITIONAL_STATES.has(status)) throw new NamedError(RESTORED_RESOURCE_NOT_READY, `DB cluster ${identifier} is ${status}; validate again later`);
      return failed(`DB cluster ${identifier} is ${status ?? 'missing'}, not available`);
    }
    const writer = (cluster?.DBClusterMembers ?? []).find((m) => m.IsClusterWriter);
    if (!writer?.DBInstanceIdentifier) {
      // The drill's writer joins the cluster's members a moment after CreateDBInstance returns.
      throw new NamedError(RESTORED_RESOURCE_NOT_READY, `DB cluster ${identifier} has no writer instance yet; validate again later`);
    }
    const { DBInstances = [] } = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: writer.DBInstanceIdentifier }));
    const writerValidation = instanceValidation(DBInstances[0], 'Writer instance');
    return writerValidation.validationStatus === 'SUCCESSFUL'
      ? passed(`DB cluster ${identifier} and its writer instance ${writer.DBInstanceIdentifier} are available`)
      : writerValidation;
  },
};
