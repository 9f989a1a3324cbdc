import type { LifecycleModel } from '../../../config/model';

/*
 * What the state machine definition builders need. Values may be Terraform tokens (ARNs and names of resources
 * created in the same stack): a definition that contains one is unknown at plan time, so the provider does not
 * send it to ValidateStateMachineDefinition (which cannot work offline). The project's tests validate every
 * definition with asl-validator instead.
 */

/** Retry with exponential backoff and full jitter, for throttling and transient service errors. */
export interface RetryPolicy {
  /** First delay. @default 2 */
  readonly intervalSeconds: number;
  /** @default 6 */
  readonly maxAttempts: number;
  /** @default 2 */
  readonly backoffRate: number;
  /** Cap on one delay. @default 60 */
  readonly maxDelaySeconds: number;
}

/** Resources every orchestration machine uses. */
export interface OrchestrationResources {
  /** `aws`, `aws-cn` or `aws-us-gov`: the states integration ARNs are `arn:<partition>:states:::...`. */
  readonly partition: string;
  readonly taskTokenTableName: string;
  readonly auditTableName: string;
  /** SNS topic for outcomes. */
  readonly topicArn: string;
  /** How long one callback wait lasts before the job is described (and, if still running, waited for again). */
  readonly callbackTimeoutSeconds: number;
  /**
   * How long a job may run before the machine gives up on it (TIMED_OUT): the callback waits are repeated while the
   * job is still running, up to ceil(maxJobDurationSeconds / callbackTimeoutSeconds) rounds (see `jobWaitBound`).
   * @default 604800 (7 days: AWS Backup's default completion window of a backup job, see DEFAULT_MAX_JOB_DURATION_SECONDS)
   */
  readonly maxJobDurationSeconds?: number;
  /** Days an execution record stays in the audit table (TTL). */
  readonly auditRetentionDays: number;
  readonly retry: RetryPolicy;
}

/** A copy an on-demand backup starts after it completes. */
export interface CopyTarget {
  readonly destinationVaultArn: string;
  readonly lifecycle?: LifecycleModel;
}

/** A backup rule an on-demand backup can follow: its vault, lifecycle and copies. */
export interface OnDemandRule {
  /** `<plan>/<rule>`, what callers pass as `rule`. */
  readonly key: string;
  readonly vaultName: string;
  readonly lifecycle?: LifecycleModel;
  readonly copies: readonly CopyTarget[];
}

export interface BackupOrchestratorDefinitionProps extends OrchestrationResources {
  /** Role AWS Backup assumes for the backup and copy jobs. */
  readonly backupRoleArn: string;
  /** Rules a caller may name; at least one. */
  readonly rules: readonly OnDemandRule[];
  /** Key of the rule used when the input names none; one of `rules`. */
  readonly defaultRuleKey: string;
  /**
   * Tags every recovery point of an on-demand backup gets (environment, compliance code...): the recovery-point
   * tagger only handles jobs of the environment's plans. @default none
   */
  readonly recoveryPointTags?: Readonly<Record<string, string>>;
}

export interface JobRecoveryDefinitionProps extends OrchestrationResources {
  readonly backupRoleArn: string;
  /** Re-attempts before escalating. */
  readonly maxAttempts: number;
  /** Delay before the first re-attempt; doubles each time, with jitter. */
  readonly initialBackoffSeconds: number;
  /**
   * Tags every recovery point of a re-started backup gets besides its rule's: a re-started backup is an on-demand
   * job without `createdBy`, which the recovery-point tagger's pattern (by plan ID) never sees. @default none
   */
  readonly recoveryPointTags?: Readonly<Record<string, string>>;
}

export interface DrDrillDefinitionProps extends OrchestrationResources {
  readonly restoreRoleArn: string;
  readonly restorePlannerFunctionArn: string;
  readonly restoreValidatorFunctionArn: string;
  readonly restoreCleanupFunctionArn: string;
}
