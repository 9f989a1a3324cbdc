import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClient } from './dynamodb';
import { perRegion } from './per-region';

/*
 * Apart from the plain DynamoDB client so that functions using only that one (idempotency, table checks) do not
 * carry lib-dynamodb; it wraps the plain client of the same region, as one connection pool per region is enough.
 */
export const documentClient = perRegion((region) =>
  DynamoDBDocumentClient.from(dynamoDbClient(region), { marshallOptions: { removeUndefinedValues: true } }),
);
