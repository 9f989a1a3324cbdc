import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { perRegion } from './per-region';

export const dynamoDbClient = perRegion((region) => new DynamoDBClient({ region }));
