import { recoveryPointArnPatterns, recoveryPointTaggingGrants, regionalArn, serviceEndpoint, type AwsLocation } from '../core/aws-partition';
import type { PolicyStatement } from '../iam/policy-document';
import { DRILL_TAG_KEY } from '../../config/function-contract/drill-tag';
import { SOURCE_PLAN_TAG } from '../../config/function-contract/recovery-point-tagging';
import type { OrchestrationFunctionName } from './orchestration-function-names';

/** What one orchestration function gets: its description, size, timeout and the statements of its role. */
export interface FunctionSpec {
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly statements: PolicyStatement[];
}

/** The environment's resources the functions' roles name. */
export interface FunctionGrantTargets {
  readonly location: AwsLocation;
  /** SSM path the functions read their configuration below. */
  readonly parameterRoot: string;
  readonly tables: { readonly taskTokenArn: string; readonly auditArn: string; readonly idempotencyArn: string };
  /** Key of the tables. */
  readonly kmsKeyArn: string;
  /** Keys the recovery-point tagger may write besides `source-plan`. @default none */
  readonly recoveryPointTagKeys?: readonly string[];
}

/**
 * The six functions of one orchestration region, each with a role listing only the calls its code makes, on
 * this environment's resources. Where an API has no resource-level permission the statement says so.
 */
export function orchestrationFunctionSpecs(t: FunctionGrantTargets): Record<OrchestrationFunctionName, FunctionSpec> {
  const { location } = t;
  const arn = (service: string, resource: string) => regionalArn(location, service, resource);
  const readParameters: PolicyStatement = {
    Sid: 'ReadOwnParameters',
    Effect: 'Allow',
    Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
    Resource: [arn('ssm', `parameter${t.parameterRoot}`), arn('ssm', `parameter${t.parameterRoot}/*`)],
  };
  const useTableKey: PolicyStatement = {
    Sid: 'UseTableKeyThroughDynamoDb',
    Effect: 'Allow',
    Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
    Resource: t.kmsKeyArn,
    Condition: { StringEquals: { 'kms:ViaService': serviceEndpoint('dynamodb', location.region) } },
  };
  const idempotency: PolicyStatement = {
    Sid: 'IdempotencyRecords',
    Effect: 'Allow',
    Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    Resource: t.tables.idempotencyArn,
  };
  /** Restored drill resources are named drill-... by the restore planner (lambda-src/restore-planner/drill-names.ts). */
  const drillBuckets = [`arn:${location.partition}:s3:::drill-*`];
  /** Where restored resources of each type live (names as the restore planner makes them are not known in advance). */
  const restored = {
    volumes: arn('ec2', 'volume/*'),
    instances: arn('rds', 'db:*'),
    clusters: arn('rds', 'cluster:*'),
    tables: arn('dynamodb', 'table/*'),
    fileSystems: arn('elasticfilesystem', 'file-system/*'),
  };
  /**
   * What a drill may tag and delete: names the restore planner gives (drill-...) where the service has names;
   * volumes and file systems have only generated IDs, so there the drill tag condition alone narrows it.
   */
  const drillOwned = {
    instances: arn('rds', 'db:drill-*'),
    clusters: arn('rds', 'cluster:drill-*'),
    tables: arn('dynamodb', 'table/drill-*'),
  };
  /** One statement per resource type, so every action is granted only on ARNs of a type it accepts. */
  const perType = (sid: string, grants: [string, string | string[], string | string[]][], condition?: PolicyStatement['Condition']): PolicyStatement[] =>
    grants.map(([suffix, actions, resource]) => ({ Sid: `${sid}${suffix}`, Effect: 'Allow', Action: actions, Resource: resource, ...(condition ? { Condition: condition } : {}) }));
  const drillTagged = { Null: { [`aws:ResourceTag/${DRILL_TAG_KEY}`]: 'false' } };
  const tagOnlyDrillKey = { 'ForAllValues:StringEquals': { 'aws:TagKeys': [DRILL_TAG_KEY] } };

  const specs: Record<OrchestrationFunctionName, FunctionSpec> = {
    'job-callback': {
      description: 'Releases the task token of a state machine waiting for a backup, copy or restore job',
      memoryMb: 256,
      timeoutSeconds: 30,
      statements: [
        readParameters, useTableKey, idempotency,
        { Sid: 'RecordJobOutcome', Effect: 'Allow', Action: 'dynamodb:UpdateItem', Resource: t.tables.taskTokenArn },
        // SendTask* take a task token, not a resource: IAM offers no resource-level permission for them.
        { Sid: 'ReleaseWaitingTasks', Effect: 'Allow', Action: ['states:SendTaskFailure', 'states:SendTaskSuccess'], Resource: '*' },
      ],
    },
    'audit-recorder': {
      description: 'Records every backup, copy and restore job state change in the audit table',
      memoryMb: 256,
      timeoutSeconds: 30,
      statements: [
        readParameters, useTableKey,
        { Sid: 'WriteAuditRecords', Effect: 'Allow', Action: 'dynamodb:UpdateItem', Resource: t.tables.auditArn },
      ],
    },
    'recovery-point-tagger': {
      description: 'Tags new recovery points with the environment, compliance code and source plan',
      memoryMb: 256,
      timeoutSeconds: 60,
      statements: [
        readParameters, useTableKey, idempotency,
        // Each ARN shape through the API that tags it (config/function-contract/recovery-point-tagging.ts): AWS Backup
        // tags only backup ARNs; snapshots and images are tagged by EC2 and RDS. Any Region: copies land elsewhere.
        // Only the environment's recovery point tag keys: the role cannot retag recovery points with anything else.
        ...perType('TagOwnRecoveryPoints', recoveryPointTaggingGrants(location.partition, location.accountId), {
          'ForAllValues:StringEquals': { 'aws:TagKeys': [...new Set([...(t.recoveryPointTagKeys ?? []), SOURCE_PLAN_TAG])] },
        }),
      ],
    },
    'restore-planner': {
      description: 'Finds the latest recovery point of a resource and plans a restore that never overwrites it',
      memoryMb: 256,
      timeoutSeconds: 60,
      statements: [
        readParameters,
        // ListRecoveryPointsByResource has no resource-level permission.
        { Sid: 'ListRecoveryPoints', Effect: 'Allow', Action: 'backup:ListRecoveryPointsByResource', Resource: '*' },
        { Sid: 'DescribeRecoveryPoints', Effect: 'Allow', Action: 'backup:DescribeRecoveryPoint', Resource: recoveryPointArnPatterns(location.partition, location.region, location.accountId) },
      ],
    },
    'restore-validator': {
      description: 'Checks a restored resource (EBS, RDS, Aurora, DynamoDB, S3, EFS), adds the writer a restored Aurora cluster lacks, reports restore tests',
      memoryMb: 512,
      timeoutSeconds: 300,
      statements: [
        readParameters, useTableKey, idempotency,
        { Sid: 'ReportValidation', Effect: 'Allow', Action: 'backup:PutRestoreValidationResult', Resource: '*' },
        // ec2:DescribeVolumes has no resource-level permission.
        { Sid: 'DescribeRestoredVolumes', Effect: 'Allow', Action: 'ec2:DescribeVolumes', Resource: '*' },
        ...perType('DescribeRestored', [
          ['Instances', 'rds:DescribeDBInstances', restored.instances],
          ['Clusters', 'rds:DescribeDBClusters', restored.clusters],
          ['Tables', 'dynamodb:DescribeTable', restored.tables],
          ['FileSystems', 'elasticfilesystem:DescribeFileSystems', restored.fileSystems],
        ]),
        // Restore testing restores S3 into buckets AWS Backup names, so reading buckets cannot be narrowed by name.
        { Sid: 'InspectRestoredBuckets', Effect: 'Allow', Action: ['s3:GetBucketTagging', 's3:ListBucket'], Resource: `arn:${location.partition}:s3:::*` },
        { Sid: 'MarkDrillBuckets', Effect: 'Allow', Action: 's3:PutBucketTagging', Resource: drillBuckets },
        // Only the drill tag may be written: tagging cannot be used to mark other resources for deletion.
        ...perType('MarkRestoredAsDrill', [
          ['Volumes', 'ec2:CreateTags', restored.volumes],
          ['Instances', 'rds:AddTagsToResource', drillOwned.instances],
          ['Clusters', 'rds:AddTagsToResource', drillOwned.clusters],
          ['Tables', 'dynamodb:TagResource', drillOwned.tables],
          ['FileSystems', 'elasticfilesystem:TagResource', restored.fileSystems],
        ], tagOnlyDrillKey),
        // AWS Backup restores an Aurora cluster without instances: the drill adds a writer, drill-named, into a
        // drill-named cluster, created with the drill tag (tag-on-create also needs rds:AddTagsToResource, above).
        ...perType('AddDrillWriter', [
          ['Instances', 'rds:CreateDBInstance', drillOwned.instances],
          ['Clusters', 'rds:CreateDBInstance', drillOwned.clusters],
        ], { Null: { [`aws:RequestTag/${DRILL_TAG_KEY}`]: 'false' }, ...tagOnlyDrillKey }),
      ],
    },
    'restore-cleanup': {
      description: 'Deletes what a DR drill restored: only its own restore, proven by the restore job and the drill tag',
      memoryMb: 512,
      timeoutSeconds: 900,
      statements: [
        readParameters,
        { Sid: 'ProveRestoreJob', Effect: 'Allow', Action: 'backup:DescribeRestoreJob', Resource: '*' },
        { Sid: 'DescribeRestoredVolumes', Effect: 'Allow', Action: 'ec2:DescribeVolumes', Resource: '*' },
        ...perType('ReadRestored', [
          ['Instances', ['rds:DescribeDBInstances', 'rds:ListTagsForResource'], restored.instances],
          ['Clusters', ['rds:DescribeDBClusters', 'rds:ListTagsForResource'], restored.clusters],
          ['Tables', 'dynamodb:ListTagsOfResource', restored.tables],
          ['FileSystems', ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets'], restored.fileSystems],
        ]),
        // Deletion only of resources carrying the drill tag (IAM enforces it; the function also proves the restore job).
        ...perType('DeleteDrill', [
          ['Volumes', 'ec2:DeleteVolume', restored.volumes],
          ['Instances', 'rds:DeleteDBInstance', drillOwned.instances],
          ['Clusters', 'rds:DeleteDBCluster', drillOwned.clusters],
          ['Tables', 'dynamodb:DeleteTable', drillOwned.tables],
          ['FileSystems', ['elasticfilesystem:DeleteFileSystem', 'elasticfilesystem:DeleteMountTarget'], restored.fileSystems],
        ], drillTagged),
        // S3 has no tag condition on bucket deletion: names of drill buckets (drill-...) narrow it, the function proves the tag.
        // The lifecycle rule expires what one run cannot delete (lambda-src/restore-cleanup/resources/s3.ts).
        { Sid: 'EmptyAndDeleteDrillBuckets', Effect: 'Allow', Action: ['s3:DeleteBucket', 's3:GetBucketTagging', 's3:ListBucketVersions', 's3:PutLifecycleConfiguration'], Resource: drillBuckets },
        { Sid: 'EmptyDrillBuckets', Effect: 'Allow', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'], Resource: drillBuckets.map((b) => `${b}/*`) },
      ],
    },
  };
  return specs;
}
