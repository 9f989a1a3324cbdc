import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { DrillModel, RestoreTestingPlanModel } from '../../config/model';
import type { AwsLocation } from '../core/aws-partition';
import type { FunctionCode } from '../functions/function-bundle';
import type { OrchestrationFunctionName } from './orchestration-functions';
import type { OnDemandRule, RetryPolicy } from './state-machines/definition-props';

/** Throttling and transient errors: 2 s, doubling, at most 60 s apart, 6 attempts, full jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { intervalSeconds: 2, maxAttempts: 6, backoffRate: 2, maxDelaySeconds: 60 };

export interface BackupOrchestrationProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  readonly environmentName: string;
  /** SSM path of the environment (`<prefix>/<env>`); functions read below it. */
  readonly parameterRoot: string;
  readonly topic: { readonly arn: string; readonly keyArn: string };
  readonly backupRole: { readonly arn: string };
  readonly restoreRole: { readonly arn: string };
  /** Names of this environment's vaults in the region. */
  readonly vaultNames: readonly string[];
  /** Rules an on-demand backup may follow in this region; none = no orchestrator here. */
  readonly onDemandRules: readonly OnDemandRule[];
  /** One of onDemandRules' keys, when there are any. */
  readonly defaultOnDemandRuleKey?: string;
  /** Tags recovery points of this environment get (on-demand backups carry them from the start). */
  readonly recoveryPointTags: Readonly<Record<string, string>>;
  /** IDs (tokens) of this environment's plans in the region; none = no job recovery and no tagging here. */
  readonly planIds: readonly string[];
  readonly recovery: { readonly enabled: boolean; readonly maxAttempts: number; readonly initialBackoffSeconds: number };
  readonly drills: readonly DrillModel[];
  readonly restoreTesting: readonly RestoreTestingPlanModel[];
  readonly callbackTimeoutSeconds: number;
  /** How long a job may run before a machine reports it timed out (waits are repeated until then). @default DEFAULT_MAX_JOB_DURATION_SECONDS (7 days) */
  readonly maxJobDurationSeconds?: number;
  readonly auditRetentionDays: number;
  readonly logRetentionDays: number;
  readonly functionCode: (name: OrchestrationFunctionName) => FunctionCode;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
}
