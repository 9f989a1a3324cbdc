import { SFNClient } from '@aws-sdk/client-sfn';
import { perRegion } from './per-region';

export const sfnClient = perRegion((region) => new SFNClient({ region }));
