import { S3Client } from '@aws-sdk/client-s3';
import { perRegion } from './per-region';

// Path-style addressing only against a local endpoint, where bucket subdomains of 127.0.0.1 do not resolve.
export const s3Client = perRegion((region) => new S3Client({ region, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL) }));
