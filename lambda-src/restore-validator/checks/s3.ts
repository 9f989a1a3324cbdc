import { GetBucketTaggingCommand, HeadBucketCommand, ListObjectsV2Command, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { resourceIdFromArn } from '../../shared/arn';
import { s3Client } from '../../shared/clients/s3';
import { isAwsError } from '../../shared/errors';
import { failed, passed, type ResourceCheck } from './types';

/** PutBucketTagging replaces the whole tag set, so existing tags are read first and kept. */
export async function bucketTags(bucket: string): Promise<Record<string, string>> {
  try {
    const { TagSet = [] } = await s3Client().send(new GetBucketTaggingCommand({ Bucket: bucket }));
    return Object.fromEntries(TagSet.map(({ Key, Value }) => [Key as string, Value ?? '']));
  } catch (error) {
    if (isAwsError(error, 'NoSuchTagSet')) return {};
    throw error;
  }
}

export const s3Check: ResourceCheck = {
  notFoundErrors: ['NoSuchBucket', 'NotFound'],
  async tag(arn, tags) {
    const bucket = resourceIdFromArn(arn);
    const merged = { ...(await bucketTags(bucket)), ...tags };
    await s3Client().send(
      new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: Object.entries(merged).map(([Key, Value]) => ({ Key, Value })) } }),
    );
  },
  async check(arn) {
    const bucket = resourceIdFromArn(arn);
    await s3Client().send(new HeadBucketCommand({ Bucket: bucket }));
    const { KeyCount = 0 } = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
    return KeyCount > 0 ? passed(`Bucket ${bucket} is reachable and holds objects`) : failed(`Bucket ${bucket} holds no objects`);
  },
};
