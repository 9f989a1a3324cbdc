import { z } from 'zod';
import { QUOTAS, RESERVED_TAG_PREFIX, TAG_CHARACTERS, WITHOUT_RESERVED_TAG_PREFIX } from '../aws-facts';

/*
 * The values an environment file is made of (account IDs, region codes, names, ARNs, tags, days), each with the
 * message a user reads when one is wrong. The sections (vault, plan, catalog, access, orchestration) compose them.
 */

export const text = (what: string) => z.string({ error: `must be a string (${what})` }).min(1, `must not be empty (${what})`);

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
export const backupObjectName = (what: string) =>
  z
    .string()
    .regex(/^[a-zA-Z0-9\-_.]{1,50}$/, `${what} names are 1-50 letters, digits, "-", "_" or "." (AWS Backup API)`)
    .describe(`${what} name: 1-50 letters, digits, "-", "_" or ".".`);

export const EnvironmentName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, 'environment names are 3-32 lowercase letters, digits or "-", starting with a letter')
  .describe('Environment name: the Terraform stack name and the prefix of every name this project creates.');

export const IamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, 'IAM role names are 1-64 characters of letters, digits and +=,.@_-')
  .describe('An IAM role name in this account.');

/** `arn:<partition>:iam::<account>:role/<path/name>`; partition and account are checked against the file. */
export const IamRoleArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)')
  .describe('An IAM role ARN.');

export const KmsKeyArn = z
  .string()
  .regex(
    /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:(key\/[a-zA-Z0-9-]+|alias\/[a-zA-Z0-9/_-]+)$/,
    'must be a KMS key or alias ARN (arn:<partition>:kms:<region>:<account>:key/<id>)',
  )
  .describe('A KMS key ARN (or alias ARN) in the vault region.');

export const OrganizationId = z
  .string()
  .regex(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations ID (o-xxxxxxxxxx)')
  .describe('AWS Organizations ID (o-...).');

/** Tag keys and values as AWS accepts them (config/aws-facts/quotas.ts): lengths, characters, no reserved prefix. */
const reservedPrefix = `must not start with "${RESERVED_TAG_PREFIX}" in any case (AWS reserves it)`;
export const TagKey = z
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

export const Days = z
  .number({ error: 'must be a whole number of days' })
  .int('must be a whole number of days')
  .min(1, 'must be at least 1 day')
  .max(36500, 'must be at most 36500 days (100 years)');

export const Minutes = z.number({ error: 'must be a whole number of minutes' }).int('must be a whole number of minutes');
