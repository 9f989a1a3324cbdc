import { MAX_CALLBACK_TIMEOUT_HOURS } from '../orchestration-limits';
import { z } from 'zod';
import {
  DEFAULT_AUDIT_RETENTION_DAYS,
  DEFAULT_CALLBACK_TIMEOUT_HOURS,
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_RECOVERY_ATTEMPTS,
  DEFAULT_RECOVERY_BACKOFF_MINUTES,
  DEFAULT_RESTORE_TESTING,
  DEFAULT_SCHEDULE_TIMEZONE,
} from '../defaults';

/*
 * The `orchestration` section of an environment file: state machines, functions, drills and restore testing.
 * Kept apart from environment-file.ts because it is one concept; environment-file.ts composes it. Cross-field rules (regions exist,
 * rules and vaults resolve, schedules parse) live in ../checks/check-orchestration.ts.
 */

const Region = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, 'must look like a region code (<area>-<direction>-<n>)');

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Resource types a DR drill can restore, validate and clean up. */
export const DRILL_RESOURCE_TYPES = ['EBS', 'RDS', 'Aurora', 'DynamoDB', 'S3', 'EFS'] as const;

/** Resource types native restore testing supports (RestoreTestingSelection ProtectedResourceType). */
export const RESTORE_TESTING_RESOURCE_TYPES = ['EBS', 'EC2', 'EFS', 'FSx', 'RDS', 'Aurora', 'DocumentDB', 'Neptune', 'DynamoDB', 'S3'] as const;

/** Restore testing plan and selection names: letters, digits and `_` only, at most 50 (API RestoreTestingPlanForCreate). */
const restoreTestingName = (what: string) =>
  z
    .string()
    .regex(/^[a-zA-Z0-9_]{1,50}$/, `${what} names are 1-50 letters, digits or "_" (no "-"; API RestoreTestingPlanForCreate)`)
    .describe(`${what} name: 1-50 letters, digits or "_".`);

const MetadataOverrides = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'restore metadata keys are API names such as DBInstanceClass'), z.string())
  .describe('Restore metadata keys and values that replace what the recovery point carries (e.g. subnet group, instance class).');

export const Drill = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/, 'drill names are 2-40 lowercase letters, digits or "-"')
      .describe('Drill name: part of the schedule name and of every execution record.'),
    region: Region.optional().describe('Orchestration region that runs the drill and restores into. @default the primary region'),
    schedule: z
      .string()
      .describe('EventBridge Scheduler expression: cron(minutes hours day-of-month month day-of-week year) or rate(...).'),
    scheduleTimezone: z.string().optional().describe(`IANA time zone of the schedule. @default ${DEFAULT_SCHEDULE_TIMEZONE}`),
    resourceArn: z.string().describe('ARN of the protected resource whose latest recovery point is restored.'),
    resourceType: z.enum(DRILL_RESOURCE_TYPES).describe('Resource type: decides the restore metadata, the validation and the clean-up.'),
    vault: z.string().optional().describe('Only recovery points in this vault (of the drill region). @default any vault of the region'),
    restoreMetadataOverrides: MetadataOverrides.optional(),
    targetRecoveryMinutes: z
      .number()
      .int()
      .min(1)
      .max(10080)
      .optional()
      .describe('Recovery time objective; the drill record says whether the measured recovery met it. @default none'),
    enabled: z.boolean().optional().describe('false pauses the schedule without removing it. @default true'),
  })
  .describe('A scheduled disaster-recovery drill: restore, validate, clean up, measure.');

export const RestoreTestingSelection = z
  .strictObject({
    name: restoreTestingName('Restore testing selection'),
    resourceType: z.enum(RESTORE_TESTING_RESOURCE_TYPES).describe('Protected resource type this selection restores.'),
    resourceArns: z.array(z.string()).optional().describe('Protected resource ARNs, or ["*"]; not together with tags. @default ["*"] when no tags are given'),
    tags: z.record(z.string(), z.string()).optional().describe('Select protected resources carrying all these tags (instead of resourceArns). @default none'),
    validationWindowHours: z.number().int().min(1).max(168).optional()
      .describe(`Hours the restored resource is kept for validation before AWS Backup deletes it. @default ${DEFAULT_RESTORE_TESTING.validationWindowHours}`),
    restoreMetadataOverrides: MetadataOverrides.optional(),
  })
  .describe('Which protected resources a restore testing plan restores.');

export const RestoreTestingPlan = z
  .strictObject({
    name: restoreTestingName('Restore testing plan'),
    region: Region.optional().describe('Orchestration region of the plan. @default the primary region'),
    schedule: z.string().describe('6-field AWS cron expression, e.g. cron(0 5 ? * SAT *).'),
    scheduleTimezone: z.string().optional().describe(`IANA time zone of the schedule. @default ${DEFAULT_SCHEDULE_TIMEZONE}`),
    startWindowHours: z.number().int().min(1).max(168).optional().describe(`Hours a restore job may wait to start. @default ${DEFAULT_RESTORE_TESTING.startWindowHours}`),
    algorithm: z.enum(['LATEST_WITHIN_WINDOW', 'RANDOM_WITHIN_WINDOW']).optional()
      .describe(`Which recovery point is restored. @default ${DEFAULT_RESTORE_TESTING.algorithm}`),
    vaults: z.array(z.string()).min(1, 'include at least one vault').describe('Vaults (of the region) whose recovery points are tested.'),
    recoveryPointTypes: z.array(z.enum(['SNAPSHOT', 'CONTINUOUS'])).min(1).optional().describe(`@default [${DEFAULT_RESTORE_TESTING.recoveryPointTypes.join(', ')}]`),
    selectionWindowDays: z.number().int().min(1).max(365).optional().describe(`Only recovery points this recent. @default ${DEFAULT_RESTORE_TESTING.selectionWindowDays}`),
    selections: z.array(RestoreTestingSelection).min(1, 'a restore testing plan needs at least one selection'),
  })
  .describe('Native AWS Backup restore testing; its restore jobs are validated by the restore-validator function.');

export const Orchestration = z
  .strictObject({
    enabled: z.boolean().optional().describe('false leaves out every orchestration resource of the environment. @default true'),
    regions: z.array(Region).min(1).optional()
      .describe('Regions that get the state machines and functions (each must be an environment region). @default the primary region'),
    onDemandRule: z
      .string()
      .regex(/^[a-zA-Z0-9\-_.]{1,50}\/[a-zA-Z0-9\-_.]{1,50}$/, 'must be "<plan>/<rule>"')
      .optional()
      .describe('"<plan>/<rule>" an on-demand backup follows (vault, lifecycle, copies) when the caller names none. @default the first rule of the first plan of the region'),
    callbackTimeoutHours: z.number().int().min(1).max(MAX_CALLBACK_TIMEOUT_HOURS).optional()
      .describe(`How long a state machine waits for a job event before describing the job (and waiting again while it still runs, for as long as the longest completion window of the rules, at least 7 days). @default ${DEFAULT_CALLBACK_TIMEOUT_HOURS}`),
    auditRetentionDays: z.number().int().min(1).max(3650).optional().describe(`Days audit records are kept (DynamoDB TTL). @default ${DEFAULT_AUDIT_RETENTION_DAYS}`),
    logRetentionDays: z
      .literal(LOG_RETENTION_DAYS, { error: `CloudWatch Logs retention must be one of ${LOG_RETENTION_DAYS.join(', ')} days` })
      .optional()
      .describe(`CloudWatch Logs retention of functions and state machines; one of ${LOG_RETENTION_DAYS.join(', ')}. @default ${DEFAULT_LOG_RETENTION_DAYS}`),
    recovery: z
      .strictObject({
        enabled: z.boolean().optional().describe('@default true'),
        maxAttempts: z.number().int().min(1).max(10).optional().describe(`Re-attempts of a failed job before escalating. @default ${DEFAULT_RECOVERY_ATTEMPTS}`),
        initialBackoffMinutes: z.number().int().min(1).max(720).optional()
          .describe(`Delay before the first re-attempt; doubles each time, with jitter. @default ${DEFAULT_RECOVERY_BACKOFF_MINUTES}`),
      })
      .optional()
      .describe('Re-attempt failed scheduled backup and copy jobs of this environment plans.'),
    drills: z.array(Drill).optional().describe('Scheduled DR drills. @default none'),
    restoreTesting: z.array(RestoreTestingPlan).optional().describe('Native restore testing plans. @default none'),
  })
  .describe('Event-driven automation: orchestrated backups, job recovery, DR drills. @default enabled in the primary region');

export type OrchestrationConfig = z.infer<typeof Orchestration>;
export type DrillConfig = z.infer<typeof Drill>;
export type RestoreTestingPlanConfig = z.infer<typeof RestoreTestingPlan>;
