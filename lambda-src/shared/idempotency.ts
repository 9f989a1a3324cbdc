import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { dynamoDbClient } from './clients/dynamodb';
import { Parameter, readParameter } from './parameters';

/**
 * EventBridge retries a delivery for up to 24 hours, so a record of a handled event must outlive that window.
 */
const EVENT_IDEMPOTENCY_SECONDS = 24 * 60 * 60;

type EventHandler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * Wraps a handler with Powertools idempotency keyed on the EventBridge event `id`. The idempotency table's name is
 * an SSM parameter, only known at run time, so the wrapper is built on the first invocation and reused afterwards.
 */
export function idempotentOnEventId<E extends { id: string }, R>(handle: EventHandler<E, R>): EventHandler<E, R> {
  let idempotentHandle: EventHandler<E, R> | undefined;
  return async (event, context) => {
    if (!idempotentHandle) {
      const tableName = await readParameter(Parameter.idempotencyTable);
      idempotentHandle = makeIdempotent(handle, {
        persistenceStore: new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: dynamoDbClient() }),
        config: new IdempotencyConfig({
          eventKeyJmesPath: 'id',
          throwOnNoIdempotencyKey: true,
          expiresAfterSeconds: EVENT_IDEMPOTENCY_SECONDS,
        }),
      });
    }
    return idempotentHandle(event, context);
  };
}
