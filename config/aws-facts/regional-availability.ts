import { SERVICE_REGIONS, SERVICE_REGIONS_SOURCE } from './generated/service-regions';
import { SOURCES, type Source } from './sources';

/*
 * Which Regions offer what: every service the stacks use (from AWS's endpoint model), and the AWS Backup features
 * that AWS's "Feature availability by AWS Region" table leaves out of some Regions.
 */

/** Services by their endpoint prefix; `apigateway` also serves HTTP APIs (apigatewayv2) and `monitoring` is CloudWatch. */
export type EndpointService = keyof typeof SERVICE_REGIONS;

export const SERVICE_REGIONS_EVIDENCE: Source = { ...SOURCES.botocoreEndpoints, url: SERVICE_REGIONS_SOURCE };

/** Whether AWS's endpoint model lists the service in the Region. */
export function serviceOffered(service: EndpointService, partition: string, region: string): boolean {
  return (SERVICE_REGIONS[service]?.[partition] ?? []).includes(region);
}

/** A Backup feature missing in some Regions, and which. */
export interface RegionalGap {
  readonly feature: string;
  readonly regions: readonly string[];
  readonly source: Source;
  readonly quote: string;
}

/** Regions that require opt-in (features-by-region table, "Opt-in: Required"). */
export const OPT_IN_REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6',
  'ap-southeast-7', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
] as const;

export const BACKUP_REGIONAL_GAPS = {
  crossAccountCopy: {
    feature: 'cross-account copy',
    regions: ['cn-north-1', 'cn-northwest-1'],
    source: SOURCES.featureAvailabilityByRegion,
    quote: 'China (Beijing) and China (Ningxia) support cross-Region copy from one of these two Regions to the other. ... Cross-account copy is not supported for these Regions.',
  },
  airGappedCopy: {
    feature: 'cross-Region and cross-account copy into a logically air-gapped vault',
    regions: ['ap-southeast-5', 'ca-west-1', 'mx-central-1', 'ap-southeast-7', 'ap-east-2', 'ap-southeast-6', 'cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1'],
    source: SOURCES.featureAvailabilityByRegion,
    quote: 'Cross-Region and cross-account copy to a logically air-gapped vault is not currently available in Asia Pacific (Malaysia), Canada West (Calgary), Mexico (Central), Asia Pacific (Thailand), Asia Pacific (Taipei), Asia Pacific (New Zealand), China (Beijing), China (Ningxia), AWS GovCloud (US-East), or AWS GovCloud (US-West) Regions.',
  },
  restoreTesting: {
    feature: 'restore testing',
    regions: ['cn-north-1', 'cn-northwest-1'],
    source: SOURCES.featureAvailabilityByRegion,
    quote: 'The China (Beijing) and China (Ningxia) rows mark only cross-Region backup copy (footnote 2) and cross-account management; the restore testing column is empty for them.',
  },
  documentDbCopy: {
    feature: 'cross-Region and cross-account copy of Amazon DocumentDB',
    regions: [...OPT_IN_REGIONS],
    source: SOURCES.featureAvailabilityByRegion,
    quote: 'Cross-account copy is not supported for Amazon DocumentDB in Regions where opt-in is required. Cross-Region copy is not supported for Amazon DocumentDB in Regions where opt-in is required.',
  },
  fsxCrossRegionCopy: {
    feature: 'cross-Region copy of Amazon FSx',
    regions: [...OPT_IN_REGIONS],
    source: SOURCES.featureAvailabilityByRegion,
    quote: 'Cross-Region copy of FSx for Lustre, FSx for Windows File Server, FSx for ONTAP, and FSx for OpenZFS is not supported in Regions where opt-in is required.',
  },
  crossAccountCopyOfCloudFormationNeptuneTimestream: {
    feature: 'cross-account copy of CloudFormation, Neptune and Timestream',
    regions: [...OPT_IN_REGIONS],
    source: SOURCES.featureAvailabilityByRegion,
    quote: 'Cross-account copy is not supported for CloudFormation, Neptune, and Timestream in Regions where opt-in is required.',
  },
} as const satisfies Record<string, RegionalGap>;

/**
 * Cross-Region copies stay inside the partition, and in China and GovCloud inside the pair of Regions (the partition
 * check already keeps them there: each of those partitions has exactly these two Regions).
 */
export const CROSS_REGION_COPY_PAIRS: Readonly<Record<string, { readonly regions: readonly string[]; readonly quote: string }>> = {
  'aws-cn': { regions: ['cn-north-1', 'cn-northwest-1'], quote: BACKUP_REGIONAL_GAPS.crossAccountCopy.quote },
  'aws-us-gov': {
    regions: ['us-gov-east-1', 'us-gov-west-1'],
    quote: 'AWS GovCloud (US-East) and AWS GovCloud (US-West) support cross-Region copy from one of these two Regions to the other.',
  },
};

export function inGap(gap: RegionalGap, region: string): boolean {
  return gap.regions.includes(region);
}
