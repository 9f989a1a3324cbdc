import { BackupClient } from '@aws-sdk/client-backup';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/*
 * Clients are created on first use and reused across invocations of a warm container. Nothing here sets an
 * endpoint: SDK v3 reads AWS_ENDPOINT_URL itself, which is how the integration tests point the real handlers at a
 * local endpoint. A client is kept per region because some resources (copied recovery points, restored resources)
 * live in the region their ARN names, not necessarily the function's.
 */

type Factory<T> = (region: string | undefined) => T;

function perRegion<T>(create: Factory<T>): (region?: string) => T {
  const clients = new Map<string, T>();
  return (region?: string) => {
    const key = region || '';
    let client = clients.get(key);
    if (!client) {
      client = create(region || undefined);
      clients.set(key, client);
    }
    return client;
  };
}

export const backupClient = perRegion((region) => new BackupClient({ region }));
export const sfnClient = perRegion((region) => new SFNClient({ region }));
export const dynamoDbClient = perRegion((region) => new DynamoDBClient({ region }));
export const documentClient = perRegion((region) =>
  DynamoDBDocumentClient.from(dynamoDbClient(region), { marshallOptions: { removeUndefinedValues: true } }),
);
export const ec2Client = perRegion((region) => new EC2Client({ region }));
export const rdsClient = perRegion((region) => new RDSClient({ region }));
// Path-style addressing only against a local endpoint, where bucket subdomains of 127.0.0.1 do not resolve.
export const s3Client = perRegion((region) => new S3Client({ region, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL) }));
export const efsClient = perRegion((region) => new EFSClient({ region }));
