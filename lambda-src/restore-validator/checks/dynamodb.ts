import { DescribeTableCommand, TagResourceCommand } from '@aws-sdk/client-dynamodb';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { dynamoDbClient } from '../../shared/clients/dynamodb';
import { failed, passed, type ResourceCheck } from './types';

export const dynamoDbCheck: ResourceCheck = {
  notFoundErrors: ['ResourceNotFoundException'],
  async tag(arn, tags) {
    await dynamoDbClient(parseArn(arn).region).send(
      new TagResourceCommand({ ResourceArn: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
    );
  },
  async check(arn) {
    const tableName = resourceIdFromArn(arn);
    const { Table } = await dynamoDbClient(parseArn(arn).region).send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus === 'ACTIVE'
      ? passed(`Table ${tableName} is ACTIVE with ${Table.ItemCount ?? 0} items (approximate)`)
      : failed(`Table ${tableName} is ${Table?.TableStatus ?? 'missing'}, not ACTIVE`);
  },
};
