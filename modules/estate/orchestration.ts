import type { Construct } from 'constructs';
import type { EnvironmentModel } from '../../config/model';
import { IDENTIFYING_TAG_KEYS } from '../../config/tag-names';
import type { BackupServiceRole } from '../backup/backup-service-role';
import type { NotificationTopic } from '../backup/notification-topic';
import type { RegionProviders } from '../core/region-providers';
import type { FunctionCode } from '../functions/function-bundle';
import { BackupOrchestration } from '../orchestration/backup-orchestration';
import type { OrchestrationFunctionName } from '../orchestration/orchestration-functions';
import type { EstatePlan } from './backup-resources';
import { parameterRootOf } from './region-resources';

export interface OrchestrationInput {
  readonly providers: RegionProviders;
  /** The notification topic of each region. */
  readonly topics: ReadonlyMap<string, NotificationTopic>;
  readonly backupRole: BackupServiceRole;
  readonly restoreRole: BackupServiceRole;
  /** Every plan of the environment; each region's orchestration gets its own. */
  readonly plans: readonly EstatePlan[];
  readonly functionCode: (name: OrchestrationFunctionName) => FunctionCode;
}

/** Tags every recovery point gets: the environment's identifying tags, not its free ones. */
export function recoveryPointTags(env: EnvironmentModel): Record<string, string> {
  return Object.fromEntries(IDENTIFYING_TAG_KEYS.filter((k) => env.tags[k] !== undefined).map((k) => [k, env.tags[k]]));
}

/** The orchestration of each region the config lists under `orchestration.regions`, by region; empty without it. */
export function addOrchestration(scope: Construct, env: EnvironmentModel, input: OrchestrationInput): Map<string, BackupOrchestration> {
  const built = new Map<string, BackupOrchestration>();
  const orchestration = env.orchestration;
  if (!orchestration) return built;
  for (const region of orchestration.regions) {
    const topic = input.topics.get(region) as NotificationTopic;
    const plans = input.plans.filter((p) => p.model.region === region);
    built.set(region, new BackupOrchestration(scope, `orchestration-${region}`, {
      provider: input.providers.forRegion(region),
      location: { partition: env.partition, region, accountId: env.accountId },
      environmentName: env.name,
      parameterRoot: parameterRootOf(env),
      topic: { arn: topic.topic.arn, keyArn: topic.key.arn },
      backupRole: { arn: input.backupRole.role.arn },
      restoreRole: { arn: input.restoreRole.role.arn },
      vaultNames: env.vaults.filter((v) => v.region === region && !v.airGapped).map((v) => v.name),
      onDemandRules: plans.flatMap(({ model: plan }) => plan.rules.map((rule) => ({
        key: `${plan.name}/${rule.name}`,
        vaultName: rule.vaultName,
        lifecycle: rule.lifecycle,
        copies: rule.copies.map((c) => ({ destinationVaultArn: c.destinationVaultArn, lifecycle: c.lifecycle })),
      }))),
      defaultOnDemandRuleKey: orchestration.defaultOnDemandRule[region]?.key,
      planIds: plans.map(({ plan }) => plan.plan.id),
      recoveryPointTags: recoveryPointTags(env),
      recovery: orchestration.recovery,
      drills: orchestration.drills,
      restoreTesting: orchestration.restoreTesting,
      callbackTimeoutSeconds: orchestration.callbackTimeoutSeconds,
      maxJobDurationSeconds: orchestration.maxJobDurationSeconds,
      auditRetentionDays: orchestration.auditRetentionDays,
      logRetentionDays: orchestration.logRetentionDays,
      functionCode: input.functionCode,
    }));
  }
  return built;
}
