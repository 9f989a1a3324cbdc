import { dynamoDbCheck } from './dynamodb';
import { ebsCheck } from './ebs';
import { efsCheck } from './efs';
import { auroraClusterCheck, rdsInstanceCheck } from './rds';
import { s3Check } from './s3';
import type { ResourceCheck } from './types';
import type { VALIDATED_RESOURCE_TYPES } from '../../../config/function-contract/validated-resource-types';

/** Keyed by AWS Backup resource type, as restore jobs and drills name it: exactly the types the event rule forwards. */
export const CHECKS: Readonly<Record<(typeof VALIDATED_RESOURCE_TYPES)[number], ResourceCheck>> & Readonly<Record<string, ResourceCheck | undefined>> = {
  EBS: ebsCheck,
  RDS: rdsInstanceCheck,
  Aurora: auroraClusterCheck,
  DynamoDB: dynamoDbCheck,
  S3: s3Check,
  EFS: efsCheck,
};
