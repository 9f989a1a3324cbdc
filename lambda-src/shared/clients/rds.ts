import { RDSClient } from '@aws-sdk/client-rds';
import { perRegion } from './per-region';

export const rdsClient = perRegion((region) => new RDSClient({ region }));
