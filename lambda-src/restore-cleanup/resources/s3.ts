import {
  DeleteBucketCommand, DeleteObjectsCommand, GetBucketTaggingCommand, ListObjectVersionsCommand, PutBucketLifecycleConfigurationCommand,
} from '@aws-sdk/client-s3';
import { CLEANUP_IN_PROGRESS } from '../../../config/function-contract/task-errors';
import { resourceIdFromArn } from '../../shared/arn';
import { s3Client } from '../../shared/clients/s3';
import { isAwsError, NamedError } from '../../shared/errors';
import { type CleanupRun, type RestoredResource, tagMap } from './types';

/*
 * A bucket must be empty, every version and delete marker included, before DeleteBucket succeeds, and a restored
 * bucket can hold more objects than one Lambda run can delete. So the clean-up first puts an expiration lifecycle
 * rule on the drill's bucket (S3 then expires current and noncurrent versions, delete markers and unfinished uploads
 * by itself, https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html, even
 * if the drill gives up), deletes what it can within this run's time, and hands back with CleanupInProgress while
 * objects remain: the state machine calls it again with backoff until the bucket is empty and deleted.
 */

/** Time kept back at the end of a run for the last batch and the answer. */
const SAFETY_MARGIN_MS = 60_000;

const EXPIRE_EVERYTHING = {
  Rules: [{
    ID: 'drill-cleanup-expire-everything',
    Status: 'Enabled' as const,
    Filter: { Prefix: '' },
    Expiration: { Days: 1 },
    NoncurrentVersionExpiration: { NoncurrentDays: 1 },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
  }, {
    // ExpiredObjectDeleteMarker cannot share a rule with Expiration in Days.
    ID: 'drill-cleanup-expire-delete-markers',
    Status: 'Enabled' as const,
    Filter: { Prefix: '' },
    Expiration: { ExpiredObjectDeleteMarker: true },
  }],
};

/** Deletes versions and delete markers page by page until the bucket is empty (true) or the run's time is up (false). */
async function emptyBucketWithin(bucket: string, run: CleanupRun): Promise<boolean> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    if (run.remainingMs() < SAFETY_MARGIN_MS) return false;
    const page = await s3Client().send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({ Key, VersionId }));
    if (objects.length > 0) {
      const { Errors = [] } = await s3Client().send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      if (Errors.length > 0) throw new Error(`Could not delete ${Errors.length} objects of ${bucket}, e.g. ${Errors[0].Key}: ${Errors[0].Message}`);
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
  return true;
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
  async delete(arn, run) {
    const bucket = resourceIdFromArn(arn);
    await s3Client().send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: EXPIRE_EVERYTHING }));
    if (!(await emptyBucketWithin(bucket, run))) {
      throw new NamedError(CLEANUP_IN_PROGRESS, `Bucket ${bucket} still holds objects after this run; its lifecycle rule expires them too; retry to delete the bucket`);
    }
    await s3Client().send(new DeleteBucketCommand({ Bucket: bucket }));
    return 'DELETED';
  },
};
