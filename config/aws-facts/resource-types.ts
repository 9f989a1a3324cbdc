import { SOURCES, type Source } from './sources';

/*
 * What AWS Backup does with each resource type it protects: the features the type supports, whether AWS Backup
 * manages its backups itself (then they are encrypted with the vault's key) or leaves them to the owning service
 * (then they keep the resource's own key, and that service uses the vault key when a copy lands in a vault), and how
 * to recognise the type in a selection's ARN. Config rules, key policies and the data-path tests read this table;
 * none of them restates it.
 *
 * A feature is `true`, `false`, `'with-full-management'` (DynamoDB: only with AWS Backup's advanced DynamoDB
 * features, i.e. full management switched on in the Region settings) or `'unconfirmed'` (AWS's table could not be
 * read cell by cell for this type; no rule refuses it, the docs page says so).
 */

/** The `ResourceType` strings of the AWS Backup API (GetSupportedResourceTypes), plus DSQL and Redshift Serverless (Region settings keys). */
export const BACKUP_RESOURCE_TYPES = [
  'Aurora', 'CloudFormation', 'DocumentDB', 'DSQL', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'EKS', 'FSx', 'Neptune', 'RDS',
  'Redshift', 'Redshift Serverless', 'S3', 'SAP HANA on Amazon EC2', 'Storage Gateway', 'Timestream', 'VirtualMachine',
] as const;
export type BackupResourceType = (typeof BACKUP_RESOURCE_TYPES)[number];

export type Support = boolean | 'with-full-management' | 'unconfirmed';

/** How a resource ARN of the type starts after `arn:<partition>:`: its service, and the resource part's prefix. */
export interface ArnShape {
  readonly service: string;
  /** Prefix of the resource part (after region and account); '' for S3 buckets, whose ARN has no type segment. */
  readonly resourcePrefix: string;
  /** An example resource part, for messages and tests. */
  readonly example: string;
}

export interface ResourceTypeFacts {
  readonly title: string;
  /**
   * Whether AWS Backup fully manages the type's backups (independent encryption with the vault key, `backup` ARNs).
   * `'with-full-management'`: only when the Region settings' management preference for the type is on.
   */
  readonly fullManagement: true | false | 'with-full-management';
  /**
   * The service whose `kms:ViaService` value (`<service>.<region>.<dns suffix>`) a KMS call carries when the type's
   * recovery points are copied into, or restored from, a vault whose key encrypts them, while AWS Backup does not
   * fully manage the type. Fully managed backups use the vault key through `backup`.
   */
  readonly keyService: string;
  readonly crossRegionCopy: Support;
  readonly crossAccountCopy: Support;
  /** Copies of its recovery points into a logically air-gapped vault. */
  readonly airGappedCopy: Support;
  readonly coldStorage: Support;
  readonly continuousBackup: Support;
  readonly restoreTesting: Support;
  /** Region settings: the type must be opted in even when a plan names its resources by ARN. */
  readonly optInRequiredForArnSelections: boolean;
  readonly arns: readonly ArnShape[];
  readonly sources: readonly Source[];
  /** What a reader should know that the flags do not say. */
  readonly note?: string;
}

const S = SOURCES;
const TABLE = [S.featureAvailabilityByResource, S.encryption];

export const RESOURCE_TYPE_FACTS: Readonly<Record<BackupResourceType, ResourceTypeFacts>> = {
  'Aurora': {
    title: 'Amazon Aurora clusters', fullManagement: false, keyService: 'rds',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: false, continuousBackup: true, restoreTesting: true,
    optInRequiredForArnSelections: true,
    arns: [{ service: 'rds', resourcePrefix: 'cluster:', example: 'cluster:orders-aurora' }],
    sources: [...TABLE, S.singleActionDatabaseCopy, S.serviceOptIn, S.serviceLinkedRolePolicy],
    note: 'Cross-Region and cross-account in one copy action since the single-action snapshot copy (the older either/or wording is superseded). '
      + 'The ARN shape is shared with DocumentDB, Neptune and RDS Multi-AZ DB clusters; Multi-AZ DB clusters support no copy at all, which the ARN cannot show.',
  },
  'CloudFormation': {
    title: 'AWS CloudFormation stacks', fullManagement: true, keyService: 'backup',
    crossRegionCopy: 'unconfirmed', crossAccountCopy: 'unconfirmed', airGappedCopy: 'unconfirmed', coldStorage: 'unconfirmed', continuousBackup: false, restoreTesting: false,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'cloudformation', resourcePrefix: 'stack/', example: 'stack/app/0123abcd-...' }],
    sources: TABLE,
    note: 'Nested resources keep their own features (footnote 5 of the feature table).',
  },
  'DocumentDB': {
    title: 'Amazon DocumentDB clusters', fullManagement: false, keyService: 'rds',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: false, continuousBackup: false, restoreTesting: true,
    optInRequiredForArnSelections: true,
    arns: [{ service: 'rds', resourcePrefix: 'cluster:', example: 'cluster:docs' }],
    sources: [...TABLE, S.singleActionDatabaseCopy, S.serviceOptIn],
    note: 'No cross-Region or cross-account copy in Regions that require opt-in (feature availability by Region).',
  },
  'DSQL': {
    title: 'Amazon Aurora DSQL clusters', fullManagement: false, keyService: 'dsql',
    crossRegionCopy: 'unconfirmed', crossAccountCopy: 'unconfirmed', airGappedCopy: 'unconfirmed', coldStorage: 'unconfirmed', continuousBackup: false, restoreTesting: false,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'dsql', resourcePrefix: 'cluster/', example: 'cluster/abcdefghijklmnopqrstuvwxyz' }],
    sources: [S.featureAvailabilityByResource, S.backupRolePolicy],
  },
  'DynamoDB': {
    title: 'Amazon DynamoDB tables', fullManagement: 'with-full-management', keyService: 'dynamodb',
    crossRegionCopy: 'with-full-management', crossAccountCopy: 'with-full-management', airGappedCopy: 'with-full-management',
    coldStorage: 'with-full-management', continuousBackup: false, restoreTesting: true,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'dynamodb', resourcePrefix: 'table/', example: 'table/orders' }],
    sources: [...TABLE, S.advancedDynamoDb],
    note: 'Without advanced DynamoDB backup (full management in the Region settings) backups are DynamoDB\'s own, keep the table\'s key and cannot be copied or moved to cold storage.',
  },
  'EBS': {
    title: 'Amazon EBS volumes', fullManagement: false, keyService: 'ec2',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: true, continuousBackup: false, restoreTesting: true,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'ec2', resourcePrefix: 'volume/', example: 'volume/vol-0123456789abcdef0' }],
    sources: [...TABLE, S.backupRolePolicy, S.crossRegionCopy],
    note: 'Cold storage is the EBS snapshot archive tier (optInToArchiveForSupportedResources). Copies into a logically air-gapped vault must be under 16 TB.',
  },
  'EC2': {
    title: 'Amazon EC2 instances', fullManagement: false, keyService: 'ec2',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: false, continuousBackup: false, restoreTesting: true,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'ec2', resourcePrefix: 'instance/', example: 'instance/i-0123456789abcdef0' }],
    sources: [...TABLE, S.backupRolePolicy],
  },
  'EFS': {
    title: 'Amazon EFS file systems', fullManagement: true, keyService: 'backup',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: true, continuousBackup: false, restoreTesting: true,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'elasticfilesystem', resourcePrefix: 'file-system/', example: 'file-system/fs-0123456789abcdef0' }],
    sources: TABLE,
  },
  'EKS': {
    title: 'Amazon EKS clusters', fullManagement: false, keyService: 'ec2',
    crossRegionCopy: 'unconfirmed', crossAccountCopy: 'unconfirmed', airGappedCopy: 'unconfirmed', coldStorage: 'unconfirmed', continuousBackup: false, restoreTesting: false,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'eks', resourcePrefix: 'cluster/', example: 'cluster/platform' }],
    sources: [S.featureAvailabilityByResource],
    note: 'Persistent storage (e.g. EBS) taken as part of an EKS backup has the features of its own type (footnote 10).',
  },
  'FSx': {
    title: 'Amazon FSx file systems and volumes', fullManagement: false, keyService: 'fsx',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: false, continuousBackup: false, restoreTesting: true,
    optInRequiredForArnSelections: false,
    arns: [
      { service: 'fsx', resourcePrefix: 'file-system/', example: 'file-system/fs-0123456789abcdef0' },
      { service: 'fsx', resourcePrefix: 'volume/', example: 'volume/fsvol-0123456789abcdef0' },
    ],
    sources: [...TABLE, S.serviceLinkedRolePolicy],
    note: 'FSx for NetApp ONTAP (volumes) supports no copy; cross-Region copy of FSx is not supported in Regions that require opt-in.',
  },
  'Neptune': {
    title: 'Amazon Neptune clusters', fullManagement: false, keyService: 'rds',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: false, continuousBackup: false, restoreTesting: true,
    optInRequiredForArnSelections: true,
    arns: [{ service: 'rds', resourcePrefix: 'cluster:', example: 'cluster:graph' }],
    sources: [...TABLE, S.singleActionDatabaseCopy, S.serviceOptIn],
    note: 'No cross-account copy in Regions that require opt-in.',
  },
  'RDS': {
    title: 'Amazon RDS DB instances', fullManagement: false, keyService: 'rds',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: 'unconfirmed', coldStorage: false, continuousBackup: true, restoreTesting: true,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'rds', resourcePrefix: 'db:', example: 'db:orders' }],
    sources: [...TABLE, S.singleActionDatabaseCopy, S.olderEitherOrDatabaseCopy, S.backupRolePolicy],
    note: 'Cross-Region and cross-account in one copy action (single-action snapshot copy); continuous backups are copied as snapshots.',
  },
  'Redshift': {
    title: 'Amazon Redshift clusters', fullManagement: false, keyService: 'redshift',
    crossRegionCopy: false, crossAccountCopy: false, airGappedCopy: false, coldStorage: false, continuousBackup: false, restoreTesting: false,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'redshift', resourcePrefix: 'cluster:', example: 'cluster:warehouse' }],
    sources: [S.encryption, S.restoreRolePolicy, S.copyUnsupportedAnywhere],
    note: 'Provisioned clusters have no row in the current feature table: no copy is documented for them.',
  },
  'Redshift Serverless': {
    title: 'Amazon Redshift Serverless namespaces', fullManagement: false, keyService: 'redshift-serverless',
    crossRegionCopy: 'unconfirmed', crossAccountCopy: 'unconfirmed', airGappedCopy: 'unconfirmed', coldStorage: 'unconfirmed', continuousBackup: false, restoreTesting: false,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'redshift-serverless', resourcePrefix: 'namespace/', example: 'namespace/0123abcd-...' }],
    sources: [S.featureAvailabilityByResource, S.restoreRolePolicy],
  },
  'S3': {
    title: 'Amazon S3 buckets', fullManagement: true, keyService: 'backup',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: false, continuousBackup: true, restoreTesting: true,
    optInRequiredForArnSelections: false,
    arns: [{ service: 's3', resourcePrefix: '', example: 'orders-bucket' }],
    sources: TABLE,
  },
  'SAP HANA on Amazon EC2': {
    title: 'SAP HANA databases on Amazon EC2', fullManagement: true, keyService: 'backup',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: 'unconfirmed', coldStorage: 'unconfirmed', continuousBackup: true, restoreTesting: false,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'ssm-sap', resourcePrefix: 'HANA/', example: 'HANA/app/DB/tenant' }],
    sources: TABLE,
  },
  'Storage Gateway': {
    title: 'AWS Storage Gateway volumes', fullManagement: false, keyService: 'ec2',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: false, continuousBackup: false, restoreTesting: false,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'storagegateway', resourcePrefix: 'gateway/', example: 'gateway/sgw-12A3456B/volume/vol-1122AABB' }],
    sources: TABLE,
    note: 'Volume backups are EBS snapshots: copies use the vault key through EC2.',
  },
  'Timestream': {
    title: 'Amazon Timestream tables', fullManagement: true, keyService: 'backup',
    crossRegionCopy: 'unconfirmed', crossAccountCopy: 'unconfirmed', airGappedCopy: 'unconfirmed', coldStorage: 'unconfirmed', continuousBackup: false, restoreTesting: false,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'timestream', resourcePrefix: 'database/', example: 'database/metrics/table/cpu' }],
    sources: TABLE,
    note: 'No cross-account copy in Regions that require opt-in.',
  },
  'VirtualMachine': {
    title: 'VMware virtual machines (Backup gateway)', fullManagement: true, keyService: 'backup',
    crossRegionCopy: true, crossAccountCopy: true, airGappedCopy: true, coldStorage: true, continuousBackup: false, restoreTesting: false,
    optInRequiredForArnSelections: false,
    arns: [{ service: 'backup-gateway', resourcePrefix: 'vm/', example: 'vm/vm-0123456789abcdef0' }],
    sources: TABLE,
  },
};

/**
 * Types AWS Backup offers in every Region where it and the owning service run: the Region settings of any Region
 * accept them. Other types are offered Region by Region; opting one in where it is not offered fails the apply
 * ("Element present in resource type opt in preference has invalid values").
 */
export const TYPES_IN_EVERY_REGION: readonly BackupResourceType[] = ['Aurora', 'CloudFormation', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'RDS', 'Redshift'];
export const TYPES_IN_EVERY_REGION_SOURCE: Source = {
  ...SOURCES.featureAvailabilityByRegion,
  quote: 'AWS Backup is available for these resource types in all Regions in which AWS Backup and the listed resource operates: Aurora, AWS CloudFormation, DynamoDB, DynamoDB with AWS Backup advanced features, Amazon EBS, Amazon EC2, Amazon EFS, Amazon Redshift, Amazon RDS',
};

/** Keys of the Region settings' management preference: full AWS Backup management can be switched per type for these. */
export const MANAGEMENT_PREFERENCE_TYPES = ['DynamoDB', 'EFS'] as const;
/** Other management preference keys AWS has been seen to return (left as they are). */
export const OTHER_MANAGEMENT_PREFERENCE_KEYS = ['CloudFormation', 'DSQL'] as const;

/** Whether AWS Backup fully manages the type's backups, given the Region's management preference for it. */
export function isFullyManaged(type: BackupResourceType, managementPreferenceOn: boolean): boolean {
  const full = RESOURCE_TYPE_FACTS[type].fullManagement;
  return full === 'with-full-management' ? managementPreferenceOn : full;
}

/** The service whose kms:ViaService a vault-key use of the type's recovery points carries. */
export function vaultKeyService(type: BackupResourceType, managementPreferenceOn: boolean): string {
  return isFullyManaged(type, managementPreferenceOn) ? 'backup' : RESOURCE_TYPE_FACTS[type].keyService;
}

/** A feature's support once the Region's management preference is known: true, false or 'unconfirmed'. */
export function supports(support: Support, managementPreferenceOn: boolean): boolean | 'unconfirmed' {
  return support === 'with-full-management' ? managementPreferenceOn : support;
}

/**
 * Every service through which AWS uses a vault key for some resource type: AWS Backup itself for fully managed
 * types, the owning service for the others (the data a vault key protects after a copy). Vault key policies and the
 * backup and restore roles allow key use through exactly these.
 */
export function vaultKeyServices(): string[] {
  return [...new Set(['backup', ...BACKUP_RESOURCE_TYPES.map((t) => RESOURCE_TYPE_FACTS[t].keyService)])].sort();
}
