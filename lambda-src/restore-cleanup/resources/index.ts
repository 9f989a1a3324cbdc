import { dynamoDbTable } from './dynamodb';
import { ebsVolume } from './ebs';
import { efsFileSystem } from './efs';
import { auroraCluster, rdsInstance } from './rds';
import { s3Bucket } from './s3';
import type { RestoredResource } from './types';

export const RESOURCES: Readonly<Record<string, RestoredResource>> = {
  EBS: ebsVolume,
  RDS: rdsInstance,
  Aurora: auroraCluster,
  DynamoDB: dynamoDbTable,
  S3: s3Bucket,
  EFS: efsFileSystem,
};
