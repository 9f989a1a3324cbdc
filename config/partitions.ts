import { partition as sdkPartition } from '@aws-sdk/util-endpoints';

/** The SDK's answer carries a description only for regions it publishes (its type omits the field). */
const partitionOf = (region: string) => sdkPartition(region) as ReturnType<typeof sdkPartition> & { description?: string };

/** The AWS partitions this project can deploy into. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type Partition = (typeof PARTITIONS)[number];

/**
 * Whether `region` is a published region of `partition`.
 *
 * The region catalogue is the AWS SDK's own partition data (`@aws-sdk/util-endpoints`), so a new region is
 * known as soon as the SDK is updated; the SDK describes only regions it knows, which is what we test for.
 * Pseudo-regions such as `aws-global` are not deployable and are rejected.
 */
export function isRegionOfPartition(region: string, partition: Partition): boolean {
  if (region.includes('global')) return false;
  const info = partitionOf(region);
  return info.description !== undefined && info.name === partition;
}

/** The partition that owns `region`, or undefined when the SDK does not know the region. */
export function partitionOfRegion(region: string): string | undefined {
  if (region.includes('global')) return undefined;
  const info = partitionOf(region);
  return info.description !== undefined ? info.name : undefined;
}
