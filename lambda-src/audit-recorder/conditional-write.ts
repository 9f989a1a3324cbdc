import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/clients/dynamodb-document';
import { isAwsError } from '../shared/errors';
import { isTerminalState, TERMINAL_STATES } from '../shared/events';
import type { JobRecord } from './job-record';

/*
 * Events arrive at least once and in any order. The write is allowed when
 *   - no record exists, or
 *   - the stored state is not terminal, and the incoming event is terminal or not older than the stored one.
 * So a terminal record is final, an older RUNNING never replaces a newer one, and a duplicate of the stored terminal
 * event changes nothing. Fields an event lacks are left as they are (later events often omit earlier details).
 */
const WRITE_CONDITION =
  'attribute_not_exists(pk) OR (NOT (#state IN (' +
  TERMINAL_STATES.map((_, index) => `:terminal${index}`).join(', ') +
  ')) AND (:incomingIsTerminal = :true OR #eventTime <= :eventTime))';

export type WriteResult = 'WRITTEN' | 'STALE_OR_DUPLICATE';

export async function writeJobRecord(tableName: string, record: JobRecord): Promise<WriteResult> {
  const { pk, ...attributes } = record;
  const names: Record<string, string> = { '#state': 'state', '#eventTime': 'eventTime' };
  const values: Record<string, unknown> = {
    ':incomingIsTerminal': isTerminalState(record.state),
    ':true': true,
  };
  TERMINAL_STATES.forEach((state, index) => {
    values[`:terminal${index}`] = state;
  });
  const assignments: string[] = [];
  for (const [attribute, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    assignments.push(`#${attribute} = :${attribute}`);
  }
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk },
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: WRITE_CONDITION,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return 'WRITTEN';
  } catch (error) {
    if (isAwsError(error, 'ConditionalCheckFailedException')) return 'STALE_OR_DUPLICATE';
    throw error;
  }
}
