import { DeleteTableCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { parseArn, resourceIdFromArn } from '../../shared/arn';
import { dynamoDbClient } from '../../shared/clients/dynamodb';
import { type RestoredResource, tagMap } from './types';

export const dynamoDbTable: RestoredResource = {
  notFoundErrors: ['ResourceNotFoundException'],
  async readTags(arn) {
    const tags: Array<{ Key?: string; Value?: string }> = [];
    let nextToken: string | undefined;
    do {
      const page = await dynamoDbClient(parseArn(arn).region).send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken: nextToken }));
      tags.push(...(page.Tags ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return tagMap(tags);
  },
  async delete(arn) {
    await dynamoDbClient(parseArn(arn).region).send(new DeleteTableCommand({ TableName: resourceIdFromArn(arn) }));
    return 'DELETED';
  },
};
