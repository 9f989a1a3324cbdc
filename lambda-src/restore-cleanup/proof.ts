import { DescribeRestoreJobCommand, type DescribeRestoreJobCommandOutput } from '@aws-sdk/client-backup';
import { backupClient } from '../shared/clients/backup';
import { isAwsError, NamedError } from '../shared/errors';

export interface CleanupRequest {
  restoreJobId: string;
  resourceType: string;
  createdResourceArn: string;
  sourceResourceArn: string;
  drillId: string;
  /**
   * When the validator found the restored resource usable (ISO 8601), or null. Used for Aurora only: its restore job
   * ends with a cluster that has no instance, and the writer the drill adds is part of the recovery.
   */
  resourceReadyAt?: string | null;
}

const refuse = (message: string) => new NamedError('CleanupRefused', message);

/**
 * The first two proofs that a resource is the drill's to delete: the restore job created exactly it, and it is not the
 * source. (The third, the drill tag, is read from the resource itself.)
 */
export async function restoreJobThatCreated(request: CleanupRequest): Promise<DescribeRestoreJobCommandOutput> {
  const { restoreJobId, createdResourceArn, sourceResourceArn, drillId } = request;
  if (!restoreJobId || !createdResourceArn || !drillId) {
    throw refuse('Cleanup needs restoreJobId, createdResourceArn and drillId');
  }
  if (createdResourceArn === sourceResourceArn) {
    throw refuse(`Refusing to delete ${createdResourceArn}: it is the source resource of the drill`);
  }
  let job: DescribeRestoreJobCommandOutput;
  try {
    job = await backupClient().send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) throw refuse(`Restore job ${restoreJobId} does not exist`);
    throw error;
  }
  if (job.CreatedResourceArn !== createdResourceArn) {
    throw refuse(
      `Refusing to delete ${createdResourceArn}: restore job ${restoreJobId} created ${job.CreatedResourceArn ?? 'nothing'}`,
    );
  }
  return job;
}

/**
 * Seconds from the restore job's creation to its completion, or to `readyAt` when the resource became usable only
 * later (an Aurora cluster's writer instance): the measured recovery time.
 */
export function recoveryTimeSeconds(job: Pick<DescribeRestoreJobCommandOutput, 'CreationDate' | 'CompletionDate'>, readyAt?: string | null): number | undefined {
  if (!job.CreationDate || !job.CompletionDate) return undefined;
  const ready = readyAt ? Date.parse(readyAt) : Number.NaN;
  const end = Number.isNaN(ready) ? job.CompletionDate.getTime() : Math.max(ready, job.CompletionDate.getTime());
  return Math.round((end - job.CreationDate.getTime()) / 1000);
}
