import { DeleteBucketCommand, DeleteObjectsCommand, GetBucketTaggingCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { resourceIdFromArn } from '../../shared/arn';
import { s3Client } from '../../shared/clients/s3';
import { isAwsError } from '../../shared/errors';
import { type RestoredResource, tagMap } from './types';

/** A bucket must be empty, every version and delete marker included, before DeleteBucket succeeds. */
async function emptyBucket(bucket: string): Promise<void> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3Client().send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({ Key, VersionId }));
    if (objects.length > 0) {
      const { Errors = [] } = await s3Client().send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      if (Errors.length > 0) throw new Error(`Could not delete ${Errors.length} objects of ${bucket}, e.g. ${Errors[0].Key}: ${Errors[0].Message}`);
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
}

export const s3Bucket: RestoredResource = {
  notFoundErrors: ['NoSuchBucket', 'NotFound'],
  async readTags(arn) {
    try {
      const { TagSet } = await s3Client().send(new GetBucketTaggingCommand({ Bucket: resourceIdFromArn(arn) }));
      return tagMap(TagSet);
    } catch (error) {
      if (isAwsError(error, 'NoSuchTagSet')) return {};
      throw error;
    }
  },
  async delete(arn) {
    const bucket = resourceIdFromArn(arn);
    await emptyBucket(bucket);
    await s3Client().send(new DeleteBucketCommand({ Bucket: bucket }));
    return 'DELETED';
  },
};
