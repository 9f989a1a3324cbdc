import { z } from 'zod';
import {
  DEFAULT_BREAK_GLASS_ROLE_NAME,
  DEFAULT_CATALOG_LIFECYCLE,
  DEFAULT_COMPLETION_WINDOW_MINUTES,
  DEFAULT_KEY_DELETION_WINDOW_DAYS,
  DEFAULT_SCHEDULE_TIMEZONE,
  DEFAULT_SSM_PARAMETER_PREFIX,
  DEFAULT_START_WINDOW_MINUTES,
  defaultCatalogSystem,
  defaultSessionName,
  defaultStateKey,
} from '../defaults';
import { Access } from './access';
import { QUOTAS, RESERVED_TAG_PREFIX, TAG_CHARACTERS, WITHOUT_RESERVED_TAG_PREFIX } from '../aws-facts';
import { Orchestration } from './orchestration';
import { RegionSettings } from './region-settings';
import { PARTITIONS } from '../partitions';

/* Longer than 300 lines because it is the one zod schema of an environment file, the source of the JSON Schema and the README reference; its larger sections (access, orchestration, Region settings) already live in their own *-schema.ts files. */

/*
 * The shape of one environment file (`environments/<name>.yaml`): one AWS account.
 * Every object is strict (an unknown key is an error, usually a typo). Each field's description is
 * what editors show through the generated JSON Schema, so it says what the field does and its default.
 * Rules that need more than one field, or more than one file, live in ../checks.
 */

const text = (what: string) => z.string({ error: `must be a string (${what})` }).min(1, `must not be empty (${what})`);

/** 12 digits, quoted in YAML: an unquoted number would lose leading zeros. */
export const AccountId = z
  .string({ error: 'must be a quoted string of 12 digits, e.g. "111111111111" (unquoted numbers lose leading zeros)' })
  .regex(/^\d{12}$/, 'must be exactly 12 digits')
  .describe('AWS account ID: 12 digits, quoted.');

export const RegionCode = z
  .string({ error: 'must be a region code such as the primary region of this account' })
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, 'must look like a region code (<area>-<direction>-<n>)')
  .describe('An AWS region code. It must belong to the environment partition.');

/** AWS Backup: vault names `^[a-zA-Z0-9\-_]{2,50}$` (CreateBackupVault). */
export const VaultName = z
  .string()
  .regex(/^[a-zA-Z0-9\-_]{2,50}$/, 'backup vault names are 2-50 letters, digits, "-" or "_" (CreateBackupVault)')
  .describe('Backup vault name: 2-50 letters, digits, "-" or "_".');

/** AWS Backup: plan, rule and selection names `^[a-zA-Z0-9\-_.]{1,50}$`. */
const backupObjectName = (what: string) =>
  z
    .string()
    .regex(/^[a-zA-Z0-9\-_.]{1,50}$/, `${what} names are 1-50 letters, digits, "-", "_" or "." (AWS Backup API)`)
    .describe(`${what} name: 1-50 letters, digits, "-", "_" or ".".`);

export const EnvironmentName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, 'environment names are 3-32 lowercase letters, digits or "-", starting with a letter')
  .describe('Environment name: the Terraform stack name and the prefix of every name this project creates.');

const IamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, 'IAM role names are 1-64 characters of letters, digits and +=,.@_-')
  .describe('An IAM role name in this account.');

/** `arn:<partition>:iam::<account>:role/<path/name>`; partition and account are checked against the file. */
const IamRoleArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)')
  .describe('An IAM role ARN.');

const KmsKeyArn = z
  .string()
  .regex(
    /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:(key\/[a-zA-Z0-9-]+|alias\/[a-zA-Z0-9/_-]+)$/,
    'must be a KMS key or alias ARN (arn:<partition>:kms:<region>:<account>:key/<id>)',
  )
  .describe('A KMS key ARN (or alias ARN) in the vault region.');

const OrganizationId = z
  .string()
  .regex(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations ID (o-xxxxxxxxxx)')
  .describe('AWS Organizations ID (o-...).');

/** Tag keys and values as AWS accepts them (config/aws-facts/quotas.ts): lengths, characters, no reserved prefix. */
const reservedPrefix = `must not start with "${RESERVED_TAG_PREFIX}" in any case (AWS reserves it)`;
const TagKey = z
  .string()
  .min(1)
  .max(QUOTAS.tagKeyLength.value, `tag keys are at most ${QUOTAS.tagKeyLength.value} characters`)
  .regex(TAG_CHARACTERS, 'tag keys use letters, digits, spaces and _.:/=+-@')
  .regex(WITHOUT_RESERVED_TAG_PREFIX, `tag keys ${reservedPrefix}`);
const TagValue = z
  .string({ error: 'tag values must be strings (quote numbers and booleans)' })
  .max(QUOTAS.tagValueLength.value, `tag values are at most ${QUOTAS.tagValueLength.value} characters`)
  .regex(TAG_CHARACTERS, 'tag values use letters, digits, spaces and _.:/=+-@')
  .regex(WITHOUT_RESERVED_TAG_PREFIX, `tag values ${reservedPrefix}`);
export const Tags = z.record(TagKey, TagValue);

const Days = z
  .number({ error: 'must be a whole number of days' })
  .int('must be a whole number of days')
  .min(1, 'must be at least 1 day')
  .max(36500, 'must be at most 36500 days (100 years)');

const Minutes = z.number({ error: 'must be a whole number of minutes' }).int('must be a whole number of minutes');

export const Lifecycle = z
  .strictObject({
    deleteAfterDays: Days.optional().describe('Days after creation when recovery points are deleted. @default kept forever'),
    moveToColdStorageAfterDays: Days.optional().describe(
      'Days after creation when recovery points move to cold storage (only for resource types that support it). ' +
        'deleteAfterDays must then be at least this + 90. @default never',
    ),
    optInToArchiveForSupportedResources: z
      .boolean()
      .optional()
      .describe('Also move supported resources (e.g. EBS snapshots) to their archive tier at moveToColdStorageAfterDays. @default false'),
  })
  .describe('Retention of the recovery points.');

export const VAULT_EVENTS = [
  'BACKUP_JOB_STARTED',
  'BACKUP_JOB_COMPLETED',
  'COPY_JOB_STARTED',
  'COPY_JOB_SUCCESSFUL',
  'COPY_JOB_FAILED',
  'RESTORE_JOB_STARTED',
  'RESTORE_JOB_COMPLETED',
  'RECOVERY_POINT_MODIFIED',
  'S3_BACKUP_OBJECT_FAILED',
  'S3_RESTORE_OBJECT_FAILED',
] as const;

const VaultLock = z
  .strictObject({
    mode: z.enum(['governance', 'compliance']).describe(
      'governance: users with the right IAM permission can remove the lock. compliance: after changeableForDays nobody can, AWS included.',
    ),
    minRetentionDays: Days.optional().describe('Shortest retention a job may give a recovery point in this vault. @default none'),
    maxRetentionDays: Days.optional().describe('Longest retention a job may give a recovery point in this vault. @default none'),
    changeableForDays: z
      .number()
      .int()
      .optional()
      .describe('Compliance mode only: days (at least 3) during which the lock can still be changed or removed.'),
  })
  .describe('AWS Backup Vault Lock (WORM). @default no lock');

const VaultKms = z
  .strictObject({
    deletionWindowInDays: z
      .number()
      .int()
      .min(7, 'KMS deletion windows are 7-30 days')
      .max(30, 'KMS deletion windows are 7-30 days')
      .optional()
      .describe(`Waiting period before a created key is deleted. @default ${DEFAULT_KEY_DELETION_WINDOW_DAYS}`),
    existingKeyArns: z
      .record(RegionCode, KmsKeyArn)
      .optional()
      .describe('Use these keys (one per vault region) instead of creating one. @default a customer-managed key is created per region'),
  })
  .describe('Vault encryption. @default a customer-managed key with rotation, per region');

export const Vault = z
  .strictObject({
    name: VaultName,
    type: z
      .enum(['standard', 'logically-air-gapped'])
      .optional()
      .describe('logically-air-gapped vaults are AWS-owned, locked and AWS-key encrypted; they can only receive copies. @default standard'),
    regions: z.array(RegionCode).optional().describe('Regions where this vault exists. @default every region of the environment'),
    kms: VaultKms.optional(),
    lock: VaultLock.optional(),
    retention: z
      .strictObject({ minDays: Days, maxDays: Days })
      .optional()
      .describe('logically-air-gapped vaults only (required there): their retention range; minDays at least 7.'),
    notifications: z
      .strictObject({
        events: z.array(z.enum(VAULT_EVENTS)).min(1, 'list at least one event').describe('Vault events published to the region topic.'),
      })
      .optional()
      .describe('Publish vault events to the environment notification topic of the region. @default none'),
    acceptCopiesFrom: z
      .strictObject({
        environments: z.array(EnvironmentName).optional().describe('Environments (accounts) allowed to copy into this vault.'),
        organizationId: OrganizationId.optional().describe('Any account of this AWS Organization may copy into this vault.'),
      })
      .optional()
      .describe('Make this a central vault: the access policy allows backup:CopyIntoBackupVault from exactly these sources. @default none'),
  })
  .describe('A backup vault, created in each of its regions.');

export const CopyTarget = z
  .strictObject({
    environment: EnvironmentName.optional().describe('Destination environment (account). @default this environment'),
    region: RegionCode.describe('Destination region.'),
    vault: VaultName.optional().describe('Destination vault. @default the vault of the rule, by name'),
    lifecycle: Lifecycle.optional().describe("Retention of the copies. @default the rule's lifecycle"),
  })
  .describe('A copy of every recovery point of the rule into another region and/or account.');

export const Rule = z
  .strictObject({
    name: backupObjectName('Rule'),
    vault: VaultName.describe('The vault (of this environment, in the plan region) the rule backs up into.'),
    schedule: z
      .string()
      .describe('6-field AWS cron expression, e.g. cron(0 3 * * ? *). Jobs must be at least 60 minutes apart.'),
    scheduleTimezone: z.string().optional().describe(`IANA time zone the schedule is evaluated in. @default ${DEFAULT_SCHEDULE_TIMEZONE}`),
    startWindowMinutes: Minutes.optional().describe(`Minutes a job may wait to start before it is cancelled (60 to 52560000). @default ${DEFAULT_START_WINDOW_MINUTES}`),
    completionWindowMinutes: Minutes.optional().describe(
      `Minutes a started job may run (up to 52560000). @default ${DEFAULT_COMPLETION_WINDOW_MINUTES} (${DEFAULT_COMPLETION_WINDOW_MINUTES / (24 * 60)} days)`,
    ),
    lifecycle: Lifecycle.optional(),
    continuousBackup: z
      .boolean()
      .optional()
      .describe('Point-in-time recovery for supported types (RDS, Aurora, S3, SAP HANA); retention 1-35 days, no cold storage. @default false'),
    recoveryPointTags: Tags.optional().describe('Tags put on each recovery point. @default none'),
    copyTo: z.array(CopyTarget).optional().describe('Copies to other regions and/or accounts. @default none'),
  })
  .describe('A backup rule: when, where to, how long, and copies.');

/** Condition values may also hold `*` wildcards (StringLike / StringNotLike). */
const TagPattern = z
  .string({ error: 'tag values must be strings (quote numbers and booleans)' })
  .max(256, 'tag values are at most 256 characters')
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@*]*$/u, 'tag values use letters, digits, spaces, * and _.:/=+-@');
const TagMatch = z.record(TagKey, TagPattern).describe('Tag key to value.');
export const Selection = z
  .strictObject({
    name: backupObjectName('Selection'),
    tags: TagMatch.optional().describe('Resources carrying ALL these tags (StringEquals conditions, combined with AND).'),
    conditions: z
      .strictObject({
        stringEquals: TagMatch.optional(),
        stringNotEquals: TagMatch.optional(),
        stringLike: TagMatch.optional().describe('Values may use * wildcards.'),
        stringNotLike: TagMatch.optional().describe('Values may use * wildcards.'),
      })
      .optional()
      .describe('Further tag conditions, all combined with AND.'),
    anyOfTags: TagMatch.optional().describe('Resources carrying ANY of these tags (listOfTags, combined with OR).'),
    resources: z.array(z.string()).optional().describe('Resource ARNs (wildcards allowed) to back up. At most 500, or 30 with wildcards.'),
    excludeResources: z.array(z.string()).optional().describe('Resource ARNs (wildcards allowed) never backed up by this selection.'),
    allResources: z
      .boolean()
      .optional()
      .describe('Must be true to select every opted-in resource of the account (a selection with no criteria). @default false'),
  })
  .describe('Which resources a plan backs up.');

export const Plan = z
  .strictObject({
    name: backupObjectName('Plan'),
    regions: z.array(RegionCode).optional().describe('Regions the plan runs in (each needs the rules’ vaults). @default the primary region'),
    rules: z.array(Rule).min(1, 'a plan needs at least one rule'),
    selections: z.array(Selection).min(1, 'a plan needs at least one selection'),
  })
  .describe('A backup plan with its rules and selections.');

/**
 * A Backstage entity name (metadata.name): 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter
 * or digit (@backstage/catalog-model KubernetesValidatorFunctions.isValidObjectName).
 */
const BACKSTAGE_NAME = '(?=[^/]{1,63}$)(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
export const BACKSTAGE_NAME_PATTERN = new RegExp(`^${BACKSTAGE_NAME}$`);

/** `[group:|user:][namespace/]name`: Backstage owners are groups or users; the namespace is a DNS label. */
export const BACKSTAGE_OWNER_PATTERN = new RegExp(`^(?:(?:group|user):)?(?:[a-z0-9]+(?:-+[a-z0-9]+)*/)?${BACKSTAGE_NAME}$`);

export const Catalog = z
  .strictObject({
    owner: z
      .string()
      .regex(BACKSTAGE_OWNER_PATTERN, 'must be a Backstage entity reference to a group or user: [group:|user:][namespace/]name, e.g. group:default/platform-team')
      .optional()
      .describe(
        'Backstage owner of every entity of this environment: a group or user reference, [group:|user:][namespace/]name ' +
          '(kind group and namespace default when left out). @default group:default/<tags.owner>',
      ),
    system: z
      .string()
      .regex(BACKSTAGE_NAME_PATTERN, 'must be a Backstage entity name: 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit')
      .optional()
      .describe(`Name of the Backstage System this environment becomes (namespace default); unique across environments. @default ${defaultCatalogSystem('<name>')}`),
    lifecycle: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a lowercase word such as experimental, production or deprecated')
      .optional()
      .describe(`spec.lifecycle of the environment's Components and API (e.g. experimental, production, deprecated). @default ${DEFAULT_CATALOG_LIFECYCLE}`),
  })
  .describe(
    'How `npm run catalog` describes this environment in a Backstage catalog. ' +
      `@default owner from the owner tag, system ${defaultCatalogSystem('<name>')}, lifecycle ${DEFAULT_CATALOG_LIFECYCLE}`,
  );

export const EnvironmentFile = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    name: EnvironmentName,
    accountId: AccountId,
    partition: z.enum(PARTITIONS).describe('AWS partition of the account.'),
    organizationId: OrganizationId.optional().describe('The AWS Organization the account belongs to. @default unknown'),
    regions: z
      .strictObject({
        primary: RegionCode.describe('Primary region: global resources (IAM) are managed from here.'),
        additional: z.array(RegionCode).optional().describe('Further regions. @default none'),
      })
      .describe('Regions this account uses; one provider alias each.'),
    deployment: z
      .strictObject({
        roleArn: IamRoleArn.describe('Role in this account that Terraform assumes.'),
        sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, 'session names are 2-64 characters of letters, digits and +=,.@_-').optional()
          .describe(`@default ${defaultSessionName('<environment>')}`),
        externalId: z.string().min(2).max(1224).optional().describe('External ID the role requires. @default none'),
      })
      .describe('How Terraform reaches the account.'),
    state: z
      .strictObject({
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').describe('S3 bucket holding the state.'),
        key: z.string().min(1).max(1024).optional().describe(`Object key. @default ${defaultStateKey('<environment>')}`),
        region: RegionCode.describe('Region of the state bucket.'),
        lockTable: z.string().min(3).max(255).optional()
          .describe('DynamoDB table for state locking. @default S3 native locking (use_lockfile)'),
        kmsKeyArn: KmsKeyArn.optional().describe('KMS key encrypting the state object. @default the bucket default (SSE-S3)'),
        roleArn: IamRoleArn.optional().describe('Role to assume for the state bucket. @default the caller credentials'),
      })
      .describe('Where Terraform keeps its state (S3 backend, always encrypted).'),
    tags: z
      .strictObject({
        environment: text('environment tag').describe('Value of the `environment` tag (e.g. prod).'),
        owner: text('owner tag').describe('Value of the `owner` tag: the team accountable for these backups.'),
        complianceCode: text('compliance code tag').describe('Value of the `compliance-code` tag (the control these backups satisfy).'),
        additional: Tags.optional().describe('Free tags. @default none'),
      })
      .describe('Tags on every resource (provider default tags).'),
    breakGlassRoleName: IamRoleName.optional().describe(
      `The only role allowed to delete recovery points or change their lifecycle. @default ${DEFAULT_BREAK_GLASS_ROLE_NAME}`,
    ),
    ssmParameterPrefix: z
      .string()
      .regex(/^(\/[a-zA-Z0-9_.-]+)+$/, 'must be an SSM path such as /backup-estate')
      .refine((path) => !/^\/(aws|ssm)/i.test(path), 'SSM reserves names starting with "aws" or "ssm" (any case); choose another first level')
      .optional()
      .describe(`Root of the SSM parameters this project publishes. @default ${DEFAULT_SSM_PARAMETER_PREFIX}`),
    vaults: z.array(Vault).optional().describe('Backup vaults. @default none'),
    plans: z.array(Plan).optional().describe('Backup plans. @default none'),
    regionSettings: RegionSettings.optional(),
    orchestration: Orchestration.optional(),
    access: Access.optional(),
    catalog: Catalog.optional(),
  })
  .describe('One AWS account managed by cdktf-aws-backup.');

export type EnvironmentFile = z.infer<typeof EnvironmentFile>;
export type VaultConfig = z.infer<typeof Vault>;
export type PlanConfig = z.infer<typeof Plan>;
export type RuleConfig = z.infer<typeof Rule>;
export type SelectionConfig = z.infer<typeof Selection>;
export type CopyTargetConfig = z.infer<typeof CopyTarget>;
export type LifecycleConfig = z.infer<typeof Lifecycle>;
export type VaultLockConfig = z.infer<typeof VaultLock>;
export type VaultEvent = (typeof VAULT_EVENTS)[number];
export type CatalogConfig = z.infer<typeof Catalog>;
