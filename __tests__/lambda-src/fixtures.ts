/*
 * Events and ARNs for the function tests. Account and region literals are allowed under __tests__ only; the functions
 * themselves take them from what AWS hands them.
 */
import type { Context } from 'aws-lambda';
import type { BackupJobEvent, BackupJobEventDetail } from '../../lambda-src/shared/events';
import type { BackupJobStateChange, CopyJobStateChange, RestoreJobStateChange } from '../../tools/lib/fault-matrix/aws-events';

/*
 * The job events below carry only fields of AWS's published example events (tools/lib/fault-matrix/aws-events.ts): a
 * field AWS does not send fails tsc.
 */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type DetailOf<E extends { detail: unknown }> = Partial<Mutable<E['detail']>>;

export const ACCOUNT = '123456789012';

// Set before any handler module is loaded: the loggers read the level when they are created.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_REGION ??= 'eu-west-1';
process.env.PARAMETER_ROOT = '/backup-estate/test';
export const OTHER_ACCOUNT = '210987654321';
export const REGION = 'eu-west-1';
export const COPY_REGION = 'eu-central-1';
export const PARAMETER_ROOT = '/backup-estate/test';

export const arn = {
  volume: (id = 'vol-0123456789abcdef0', region = REGION) => `arn:aws:ec2:${region}:${ACCOUNT}:volume/${id}`,
  db: (name: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:db:${name}`,
  cluster: (name: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${name}`,
  table: (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`,
  bucket: (name: string) => `arn:aws:s3:::${name}`,
  fileSystem: (id: string) => `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/${id}`,
  vault: (name: string, region = REGION, account = ACCOUNT) => `arn:aws:backup:${region}:${account}:backup-vault:${name}`,
  recoveryPoint: (id: string, region = REGION, account = ACCOUNT) => `arn:aws:backup:${region}:${account}:recovery-point:${id}`,
  snapshot: (id: string, region = REGION) => `arn:aws:ec2:${region}::snapshot/${id}`,
  restoreTestingPlan: (name: string) => `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:${name}`,
};

/** `createdBy` of a job a plan rule started, with every field AWS's example events carry. */
export function createdByPlan(backupPlanId: string, backupPlanRuleId = 'rule-id-1') {
  return {
    backupPlanId,
    backupPlanArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-plan:${backupPlanId}`,
    backupPlanVersion: 'version-1',
    backupPlanRuleId,
  };
}

let eventCounter = 0;

export function jobEvent(
  detailType: 'Backup Job State Change' | 'Copy Job State Change' | 'Restore Job State Change',
  detail: BackupJobEventDetail,
  overrides: Partial<Pick<BackupJobEvent, 'id' | 'time' | 'resources' | 'account' | 'region'>> = {},
): BackupJobEvent {
  eventCounter += 1;
  return {
    version: '0',
    id: overrides.id ?? `event-${eventCounter}-${Math.random().toString(16).slice(2)}`,
    'detail-type': detailType,
    source: 'aws.backup',
    account: overrides.account ?? ACCOUNT,
    time: overrides.time ?? '2024-05-01T10:00:00Z',
    region: overrides.region ?? REGION,
    resources: overrides.resources ?? [],
    detail,
  };
}

export function backupJobEvent(jobId: string, state: string, extra: DetailOf<BackupJobStateChange> = {}, overrides: Parameters<typeof jobEvent>[2] = {}): BackupJobEvent {
  return jobEvent(
    'Backup Job State Change',
    {
      backupJobId: jobId,
      state,
      resourceArn: arn.volume(),
      resourceType: 'EBS',
      backupVaultArn: arn.vault('primary'),
      backupVaultName: 'primary',
      createdBy: createdByPlan('plan-id-daily'),
      ...extra,
    } satisfies DetailOf<BackupJobStateChange>,
    overrides,
  );
}

export function copyJobEvent(jobId: string, state: string, extra: DetailOf<CopyJobStateChange> = {}, overrides: Parameters<typeof jobEvent>[2] = {}): BackupJobEvent {
  return jobEvent(
    'Copy Job State Change',
    {
      copyJobId: jobId,
      state,
      resourceArn: arn.volume(),
      resourceType: 'EBS',
      sourceBackupVaultArn: arn.vault('primary'),
      destinationBackupVaultArn: arn.vault('copy', COPY_REGION),
      createdBy: createdByPlan('plan-id-daily'),
      ...extra,
    } satisfies DetailOf<CopyJobStateChange>,
    overrides,
  );
}

export function restoreJobEvent(jobId: string, status: string, extra: DetailOf<RestoreJobStateChange> = {}, overrides: Parameters<typeof jobEvent>[2] = {}): BackupJobEvent {
  return jobEvent(
    'Restore Job State Change',
    {
      restoreJobId: jobId,
      status,
      backupVaultArn: arn.vault('primary'),
      recoveryPointArn: arn.snapshot('snap-1'),
      sourceResourceArn: arn.volume(),
      resourceType: 'EBS',
      ...extra,
    } satisfies DetailOf<RestoreJobStateChange>,
    overrides,
  );
}

/** Enough of a Lambda context for Powertools idempotency (it reads the remaining time). */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test-function',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:test-function`,
    memoryLimitInMB: '256',
    awsRequestId: `request-${Math.random().toString(16).slice(2)}`,
    logGroupName: '/aws/lambda/test-function',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Builds an AWS SDK style service error, as aws-sdk-client-mock rejections. */
export function awsError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
