import { dynamoDbCheck } from './dynamodb';
import { ebsCheck } from './ebs';
import { efsCheck } from './efs';
import { auroraClusterCheck, rdsInstanceCheck } from './rds';
import { s3Check } from './s3';
import type { ResourceCheck } from './types';

/** Keyed by AWS Backup resource type, as restore jobs and drills name it. */
export const CHECKS: Readonly<Record<string, ResourceCheck>> = {
  EBS: ebsCheck,
  RDS: rdsInstanceCheck,
  Aurora: auroraClusterCheck,
  DynamoDB: dynamoDbCheck,
  S3: s3Check,
  EFS: efsCheck,
};
