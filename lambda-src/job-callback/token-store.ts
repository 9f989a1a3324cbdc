import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/clients/dynamodb-document';
import type { JobOutcome } from './outcome';

/**
 * How long an outcome written before its token survives: long enough for the state machine that started the job to
 * try its conditional put (it does so right after StartBackupJob / StartCopyJob / StartRestoreJob returns).
 */
const EARLY_OUTCOME_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface TokenItem {
  jobId: string;
  taskToken?: string;
  executionArn?: string;
  outcome: JobOutcome;
}

/**
 * Writes the outcome onto the job's token item and returns the whole item. When the state machine has not stored its
 * token yet (or is between two wait rounds), this creates or marks the item: its next `attribute_not_exists(outcome)`
 * put then fails and it describes the job instead of waiting for an event that has already passed.
 */
export async function recordOutcome(tableName: string, outcome: JobOutcome, now: Date): Promise<TokenItem> {
  const result = await documentClient().send(
    new UpdateCommand({
      TableName: tableName,
      Key: { jobId: outcome.jobId },
      UpdateExpression:
        'SET outcome = :outcome, outcomeAt = :now, jobType = if_not_exists(jobType, :jobType), expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ExpressionAttributeValues: {
        ':outcome': outcome,
        ':now': now.toISOString(),
        ':jobType': outcome.jobType,
        ':expiresAt': Math.floor(now.getTime() / 1000) + EARLY_OUTCOME_TTL_SECONDS,
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return result.Attributes as TokenItem;
}
