import { z } from 'zod';
import { DEFAULT_COMPLETION_WINDOW_MINUTES, DEFAULT_SCHEDULE_TIMEZONE, DEFAULT_START_WINDOW_MINUTES } from '../defaults';
import { backupObjectName, Days, EnvironmentName, Minutes, RegionCode, TagKey, Tags, VaultName } from './values';

/* A backup plan of an environment file: its rules (when, into which vault, how long, copies) and its selections. */

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

export type PlanConfig = z.infer<typeof Plan>;
export type RuleConfig = z.infer<typeof Rule>;
export type SelectionConfig = z.infer<typeof Selection>;
export type CopyTargetConfig = z.infer<typeof CopyTarget>;
export type LifecycleConfig = z.infer<typeof Lifecycle>;
