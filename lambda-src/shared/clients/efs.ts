import { EFSClient } from '@aws-sdk/client-efs';
import { perRegion } from './per-region';

export const efsClient = perRegion((region) => new EFSClient({ region }));
