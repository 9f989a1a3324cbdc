import { TagResourceCommand } from '@aws-sdk/client-backup';
import { backupClient } from '../../shared/clients/backup';
import type { Tagger } from './types';

export const tagWithBackup: Tagger = async (arn, region, tags) => {
  await backupClient(region).send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));
};
