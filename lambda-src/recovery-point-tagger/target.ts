import { parseArn } from '../shared/arn';
import type { NormalizedJob } from '../shared/events';

export interface TagTarget {
  recoveryPointArn: string;
  /** The region the recovery point lives in: a copy's destination may be another region. */
  region: string;
}

export type TargetDecision = { target: TagTarget } | { skip: string };

/**
 * Which recovery point a completed job produced, and whether this account may tag it. A copy to another account
 * belongs to that account: its own tagger tags it there.
 */
export function tagTargetOf(job: NormalizedJob): TargetDecision {
  if (job.state !== 'COMPLETED') return { skip: `job is ${job.state}, not COMPLETED` };
  if (job.jobType === 'BACKUP') {
    if (!job.recoveryPointArn) return { skip: 'the completed backup job names no recovery point' };
    return { target: { recoveryPointArn: job.recoveryPointArn, region: regionOf(job.recoveryPointArn) || job.region } };
  }
  if (job.jobType === 'COPY') {
    const arn = job.destinationRecoveryPointArn;
    if (!arn) return { skip: 'the completed copy job names no destination recovery point' };
    // Some recovery point ARNs carry no account (EBS snapshots): the destination vault's ARN always does.
    const owner = accountOf(arn) || (job.destinationBackupVaultArn ? accountOf(job.destinationBackupVaultArn) : '');
    if (owner !== job.accountId) return { skip: `the copy belongs to account ${owner || 'unknown'}, not this one` };
    const region = regionOf(arn) || (job.destinationBackupVaultArn ? regionOf(job.destinationBackupVaultArn) : '') || job.region;
    return { target: { recoveryPointArn: arn, region } };
  }
  return { skip: `${job.jobType} jobs create no recovery point` };
}

function regionOf(arn: string): string {
  return parseArn(arn).region;
}

function accountOf(arn: string): string {
  return parseArn(arn).accountId;
}
