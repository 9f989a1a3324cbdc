import { AddTagsToResourceCommand, CreateDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, type DBCluster } from '@aws-sdk/client-rds';
import { parseArn, resourceIdFromArn } from '../shared/arn';
import { rdsClient } from '../shared/clients/rds';
import { DRILL_TAG_KEY } from '../shared/drill';
import { isAwsError, NamedError } from '../shared/errors';

/*
 * AWS Backup restores an Aurora cluster without instances (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html);
 * the drill adds a writer with CreateDBInstance into the restored cluster (DBClusterIdentifier; Engine must be the
 * cluster's, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html). Its identifier is
 * the cluster's (drill-..., a name only drills use; instances and clusters have separate identifiers) and it carries
 * the drill tag, so the clean-up may delete it and nothing else.
 */

export interface AuroraWriterRequest {
  mode: 'aurora-writer';
  /** The restored cluster (the restore job's CreatedResourceArn). */
  createdResourceArn: string;
  sourceResourceArn?: string;
  /** The drill's restore metadata overrides: `DBInstanceClass` chooses the writer's class. */
  overrides?: Record<string, string | number | boolean>;
  drillId: string;
}

export interface AuroraWriter {
  dbInstanceArn: string;
  dbInstanceIdentifier: string;
  dbInstanceClass: string;
}

/** The class of the writer: the drill's choice, else the source cluster's writer's, else serverless for a Serverless v2 cluster. */
async function writerClass(request: AuroraWriterRequest, restored: DBCluster): Promise<string> {
  const chosen = request.overrides?.DBInstanceClass;
  if (chosen !== undefined) return String(chosen);
  if (request.sourceResourceArn) {
    const client = rdsClient(parseArn(request.sourceResourceArn).region);
    try {
      const { DBClusters = [] } = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: resourceIdFromArn(request.sourceResourceArn) }));
      const writer = DBClusters[0]?.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier;
      if (writer) {
        const { DBInstances = [] } = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: writer }));
        if (DBInstances[0]?.DBInstanceClass) return DBInstances[0].DBInstanceClass;
      }
    } catch (error) {
      // The source may be gone (that is what a DR drill rehearses): fall back to what the restored cluster tells.
      if (!isAwsError(error, 'DBClusterNotFoundFault', 'DBInstanceNotFound', 'DBInstanceNotFoundFault')) throw error;
    }
  }
  if (restored.ServerlessV2ScalingConfiguration) return 'db.serverless';
  throw new NamedError('InvalidRequest', `No class for the writer of ${restored.DBClusterIdentifier}: set DBInstanceClass in the drill's restoreMetadataOverrides`);
}

/** Creates the drill's writer instance in the restored cluster; an instance of that name already there (a retry) is kept. */
export async function createAuroraWriter(request: AuroraWriterRequest): Promise<AuroraWriter> {
  if (!request.createdResourceArn || !request.drillId) throw new NamedError('InvalidRequest', 'aurora-writer needs createdResourceArn and drillId');
  if (request.createdResourceArn === request.sourceResourceArn) {
    throw new NamedError('UnsafeRestoreTarget', `The restore reports the drill's source ${request.sourceResourceArn} as the restored cluster; not adding an instance to it`);
  }
  const client = rdsClient(parseArn(request.createdResourceArn).region);
  const clusterIdentifier = resourceIdFromArn(request.createdResourceArn);
  // The cluster is the drill's before anything is added to it: should the writer fail, the clean-up still finds the
  // drill tag on the cluster (it deletes nothing without it).
  await client.send(new AddTagsToResourceCommand({ ResourceName: request.createdResourceArn, Tags: [{ Key: DRILL_TAG_KEY, Value: request.drillId }] }));
  const { DBClusters = [] } = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterIdentifier }));
  const cluster = DBClusters[0];
  if (!cluster?.Engine) throw new NamedError('InvalidRequest', `Restored cluster ${clusterIdentifier} not found or has no engine`);
  const dbInstanceClass = await writerClass(request, cluster);
  try {
    const { DBInstance } = await client.send(new CreateDBInstanceCommand({
      DBInstanceIdentifier: clusterIdentifier,
      DBClusterIdentifier: clusterIdentifier,
      Engine: cluster.Engine,
      DBInstanceClass: dbInstanceClass,
      // A drill copy of a database is never reachable from the internet (CreateDBInstance PubliclyAccessible).
      PubliclyAccessible: false,
      Tags: [{ Key: DRILL_TAG_KEY, Value: request.drillId }],
    }));
    return { dbInstanceArn: DBInstance?.DBInstanceArn ?? '', dbInstanceIdentifier: clusterIdentifier, dbInstanceClass };
  } catch (error) {
    if (!isAwsError(error, 'DBInstanceAlreadyExistsFault', 'DBInstanceAlreadyExists')) throw error;
    const { DBInstances = [] } = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: clusterIdentifier }));
    const existing = DBInstances[0];
    const tag = existing?.TagList?.find((t) => t.Key === DRILL_TAG_KEY)?.Value;
    if (existing?.DBClusterIdentifier !== clusterIdentifier || tag !== request.drillId) {
      throw new NamedError('UnsafeRestoreTarget', `An instance ${clusterIdentifier} exists that is not this drill's writer (cluster ${existing?.DBClusterIdentifier}, ${DRILL_TAG_KEY}=${tag})`);
    }
    return { dbInstanceArn: existing.DBInstanceArn ?? '', dbInstanceIdentifier: clusterIdentifier, dbInstanceClass: existing.DBInstanceClass ?? dbInstanceClass };
  }
}
