import type { RestoredResource } from './types';

type ResourceLoader = () => Promise<RestoredResource>;

/**
 * Keyed by AWS Backup resource type. Each type's module is imported on first use (esbuild keeps a dynamically imported
 * module of the bundle unevaluated until then), so a cold start evaluates no SDK client and cleaning up a DynamoDB
 * table never loads the EC2 or RDS client: the module-load budget of tools/bench/function-budget.ts.
 */
export const RESOURCES: Readonly<Record<string, ResourceLoader>> = {
  EBS: async () => (await import('./ebs')).ebsVolume,
  RDS: async () => (await import('./rds')).rdsInstance,
  Aurora: async () => (await import('./rds')).auroraCluster,
  DynamoDB: async () => (await import('./dynamodb')).dynamoDbTable,
  S3: async () => (await import('./s3')).s3Bucket,
  EFS: async () => (await import('./efs')).efsFileSystem,
};
