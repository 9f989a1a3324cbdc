import { z } from 'zod';
import { DEFAULT_KEY_DELETION_WINDOW_DAYS } from '../defaults';
import { Days, EnvironmentName, KmsKeyArn, OrganizationId, RegionCode, VaultName } from './values';

/* A backup vault of an environment file: where it exists, its key, its lock, its notifications, who may copy into it. */

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


export type VaultConfig = z.infer<typeof Vault>;
export type VaultLockConfig = z.infer<typeof VaultLock>;
export type VaultEvent = (typeof VAULT_EVENTS)[number];
