import type { ResourceCheck } from './types';
import type { VALIDATED_RESOURCE_TYPES } from '../../../config/function-contract/validated-resource-types';

type CheckLoader = () => Promise<ResourceCheck>;

/**
 * Keyed by AWS Backup resource type, as restore jobs and drills name it: exactly the types the event rule forwards.
 * Each type's check is imported on first use: esbuild keeps a dynamically imported module of the bundle unevaluated
 * until the import runs, so a cold start evaluates no SDK client and validating a DynamoDB table never loads the EC2
 * or RDS client (the module-load budget of tools/bench/function-budget.ts).
 */
export const CHECKS: Readonly<Record<(typeof VALIDATED_RESOURCE_TYPES)[number], CheckLoader>> & Readonly<Record<string, CheckLoader | undefined>> = {
  EBS: async () => (await import('./ebs')).ebsCheck,
  RDS: async () => (await import('./rds')).rdsInstanceCheck,
  Aurora: async () => (await import('./rds')).auroraClusterCheck,
  DynamoDB: async () => (await import('./dynamodb')).dynamoDbCheck,
  S3: async () => (await import('./s3')).s3Check,
  EFS: async () => (await import('./efs')).efsCheck,
};
