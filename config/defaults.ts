/*
 * Every default of an environment file, written once. Each stage reads these same constants: the schema states them
 * in its descriptions (and so in the JSON Schema and the README reference), the checks judge a file as it will be
 * built, the normalizer writes them into the model, and the constructs fall back on them when used on their own.
 * Dependency-free, so that every stage may import it.
 */

// ---- Backup plans and vaults ----

/**
 * Time zone of a schedule that names none: AWS evaluates schedule expressions in UTC by default (BackupRule,
 * RestoreTestingPlan, EventBridge Scheduler; https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html);
 * written as the IANA name the provider stores, so config and state hold the same value.
 */
export const DEFAULT_SCHEDULE_TIMEZONE = 'Etc/UTC';

/**
 * Minutes a scheduled job may wait to start: the least AWS Backup accepts ("must be at least 60 minutes",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html), so a missed start is noticed soon.
 */
export const DEFAULT_START_WINDOW_MINUTES = 60;

/**
 * Minutes a started job may run: AWS Backup's own default completion window, 7 days
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html).
 */
export const DEFAULT_COMPLETION_WINDOW_MINUTES = 7 * 24 * 60;

/** Waiting period before a vault key this project created is deleted (KMS allows 7-30 days). */
export const DEFAULT_KEY_DELETION_WINDOW_DAYS = 30;

/** The only role allowed to delete recovery points or change their lifecycle. */
export const DEFAULT_BREAK_GLASS_ROLE_NAME = 'aws-backup-break-glass';

/** Root of the SSM parameters this project publishes. Not /aws-...: SSM rejects names that start with "aws" or "ssm". */
export const DEFAULT_SSM_PARAMETER_PREFIX = '/backup-estate';

// ---- How Terraform reaches an environment ----

/** STS session name of the deployment role. */
export const defaultSessionName = (environment: string) => `cdktf-${environment}`;

/** Object key of the environment's Terraform state. */
export const defaultStateKey = (environment: string) => `aws-backup/${environment}/terraform.tfstate`;

// ---- Backstage catalog ----

/** Name of the Backstage System an environment becomes. */
export const defaultCatalogSystem = (environment: string) => `${environment}-backup`;

/** Lifecycle of an environment's Backstage Components and API. */
export const DEFAULT_CATALOG_LIFECYCLE = 'production';

// ---- Orchestration ----

/** How long a state machine waits for a job event before describing the job. */
export const DEFAULT_CALLBACK_TIMEOUT_HOURS = 24;

/** Days audit records are kept (DynamoDB TTL). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

/** CloudWatch Logs retention of functions and state machines (one of the periods PutRetentionPolicy accepts). */
export const DEFAULT_LOG_RETENTION_DAYS = 90;

/** Re-attempts of a failed job before escalating. */
export const DEFAULT_RECOVERY_ATTEMPTS = 3;

/** Delay before the first re-attempt; it doubles each time. */
export const DEFAULT_RECOVERY_BACKOFF_MINUTES = 15;

/** Restore testing: hours a restore job may wait to start, which recovery point, of which kinds, how recent. */
export const DEFAULT_RESTORE_TESTING = {
  startWindowHours: 24,
  algorithm: 'LATEST_WITHIN_WINDOW',
  recoveryPointTypes: ['SNAPSHOT'],
  selectionWindowDays: 30,
  /** Hours a restored resource is kept for validation before AWS Backup deletes it. */
  validationWindowHours: 1,
} as const;

// ---- Access ----

/** Maximum session duration of the human and CI roles. */
export const DEFAULT_MAX_SESSION_HOURS = 1;

/** The only session tag keys an identity-aware proxy may set. */
export const DEFAULT_SESSION_TAG_KEYS = ['email'] as const;

/** Accepted `aud` values of an OIDC provider: STS's own audience. */
export const DEFAULT_OIDC_AUDIENCES = ['sts.amazonaws.com'] as const;

/** Branch whose GitHub workflow may deploy. */
export const DEFAULT_DEPLOY_BRANCH = 'main';

/** OAuth scopes the start endpoint's routes require. */
export const DEFAULT_START_SCOPE = 'backup-estate/start';
export const DEFAULT_READ_SCOPE = 'backup-estate/read';

/** Stage throttling of the start endpoint. */
export const DEFAULT_API_THROTTLING = { burstLimit: 20, rateLimit: 10 } as const;
