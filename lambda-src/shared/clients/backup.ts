import { BackupClient } from '@aws-sdk/client-backup';
import { perRegion } from './per-region';

export const backupClient = perRegion((region) => new BackupClient({ region }));
