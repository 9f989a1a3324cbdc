import { EC2Client } from '@aws-sdk/client-ec2';
import { perRegion } from './per-region';

export const ec2Client = perRegion((region) => new EC2Client({ region }));
