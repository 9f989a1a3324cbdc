import type { CatalogModel, CopyModel, RegionSettingsModel, EnvironmentModel, LifecycleModel, PlanModel, SelectionModel, TagCondition, VaultModel } from '../model';
import type { EnvironmentFile, LifecycleConfig, SelectionConfig, VaultConfig } from '../schema';
import { catalogSystemName, environmentRegions, planRegions, vaultRegions } from '../checks/environment-facts';
import type { ParsedEnvironment } from '../checks/check-estate';
import { accessModel } from './access';
import { orchestrationModel } from './orchestration';
import { backupVaultArn } from './backup-vault-arn';
import {
  DEFAULT_BREAK_GLASS_ROLE_NAME,
  DEFAULT_CATALOG_LIFECYCLE,
  DEFAULT_COMPLETION_WINDOW_MINUTES,
  DEFAULT_KEY_DELETION_WINDOW_DAYS,
  DEFAULT_SSM_PARAMETER_PREFIX,
  DEFAULT_START_WINDOW_MINUTES,
  defaultSessionName,
  defaultStateKey,
} from '../defaults';
import { MANAGED_BY_TAG } from '../tag-names';
import { MANAGEMENT_PREFERENCE_TYPES } from '../aws-facts';
import { fullManagementOn, optInPreferences } from '../checks/region-settings-facts';

/** `[group:|user:][namespace/]name` as a full entity reference: kind group and namespace default when left out. */
export function fullOwnerRef(ref: string): string {
  const [, kind = 'group', namespace = 'default', name] = /^(?:(group|user):)?(?:([^/]+)\/)?(.+)$/.exec(ref) as RegExpExecArray;
  return `${kind}:${namespace}/${name}`;
}

/** Validation (schema, rule catalog/owner) has made sure the owner, given or from the tag, is a valid reference. */
function catalogModel(env: EnvironmentFile): CatalogModel {
  return {
    owner: fullOwnerRef(env.catalog?.owner ?? env.tags.owner),
    system: catalogSystemName(env),
    lifecycle: env.catalog?.lifecycle ?? DEFAULT_CATALOG_LIFECYCLE,
  };
}


function lifecycleModel(lifecycle: LifecycleConfig | undefined): LifecycleModel | undefined {
  if (!lifecycle) return undefined;
  return { ...lifecycle };
}

const pairs = (record: Readonly<Record<string, string>> | undefined): TagCondition[] =>
  Object.entries(record ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value }));

/** Tag conditions are written against `aws:ResourceTag/<key>`, as the API expects. */
const resourceTagConditions = (record: Readonly<Record<string, string>> | undefined): TagCondition[] =>
  pairs(record).map(({ key, value }) => ({ key: `aws:ResourceTag/${key}`, value }));

function selectionModel(selection: SelectionConfig): SelectionModel {
  const c = selection.conditions ?? {};
  const anyOfTags = pairs(selection.anyOfTags);
  const explicitResources = selection.resources ?? [];
  // AWS needs Resources or ListOfTags non-empty; tag conditions alone select from "*".
  const resources = selection.allResources || (explicitResources.length === 0 && anyOfTags.length === 0) ? ['*'] : explicitResources;
  return {
    name: selection.name,
    resources: [...new Set(resources)],
    notResources: [...new Set(selection.excludeResources ?? [])],
    stringEquals: resourceTagConditions({ ...(selection.tags ?? {}), ...(c.stringEquals ?? {}) }),
    stringNotEquals: resourceTagConditions(c.stringNotEquals),
    stringLike: resourceTagConditions(c.stringLike),
    stringNotLike: resourceTagConditions(c.stringNotLike),
    anyOfTags,
  };
}

function vaultEncryption(vault: VaultConfig, region: string): VaultModel['encryption'] {
  if (vault.type === 'logically-air-gapped') return { kind: 'aws-owned' };
  const existing = vault.kms?.existingKeyArns?.[region];
  if (existing) return { kind: 'existing', keyArn: existing };
  return { kind: 'create', deletionWindowInDays: vault.kms?.deletionWindowInDays ?? DEFAULT_KEY_DELETION_WINDOW_DAYS };
}

/** Builds the model of every environment. Call only after validation passed: it trusts references. */
export function normalizeEstate(parsed: readonly ParsedEnvironment[]): EnvironmentModel[] {
  const byName = new Map(parsed.map((p) => [p.env.name, p.env]));
  const copiesOut = new Map<string, Set<string>>(); // "<env>/<region>/<vault>" -> destination accounts
  const plansByEnv = new Map<string, PlanModel[]>();

  for (const { env } of parsed) {
    const plans: PlanModel[] = [];
    for (const plan of env.plans ?? []) {
      for (const region of planRegions(env, plan)) {
        const rules = plan.rules.map((rule) => {
          const copies: CopyModel[] = (rule.copyTo ?? []).map((copy) => {
            const dest = byName.get(copy.environment ?? env.name) as EnvironmentFile;
            const vaultName = copy.vault ?? rule.vault;
            if (dest.accountId !== env.accountId) {
              const key = `${env.name}/${region}/${rule.vault}`;
              copiesOut.set(key, (copiesOut.get(key) ?? new Set()).add(dest.accountId));
            }
            const destVault = (dest.vaults ?? []).find((v) => v.name === vaultName && vaultRegions(dest, v).includes(copy.region)) as VaultConfig;
            return {
              destinationEnvironment: dest.name,
              destinationAccountId: dest.accountId,
              destinationRegion: copy.region,
              destinationVaultName: vaultName,
              destinationVaultArn: backupVaultArn(dest.partition, copy.region, dest.accountId, vaultName),
              destinationEncryption: vaultEncryption(destVault, copy.region),
              lifecycle: lifecycleModel(copy.lifecycle ?? rule.lifecycle),
            };
          });
          return {
            name: rule.name,
            vaultName: rule.vault,
            schedule: rule.schedule.trim(),
            scheduleTimezone: rule.scheduleTimezone,
            startWindowMinutes: rule.startWindowMinutes ?? DEFAULT_START_WINDOW_MINUTES,
            completionWindowMinutes: rule.completionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW_MINUTES,
            lifecycle: lifecycleModel(rule.lifecycle),
            continuousBackup: rule.continuousBackup ?? false,
            recoveryPointTags: { ...(rule.recoveryPointTags ?? {}) },
            copies,
          };
        });
        plans.push({ name: plan.name, region, rules, selections: plan.selections.map(selectionModel) });
      }
    }
    plansByEnv.set(env.name, plans);
  }

  return parsed.map(({ file, env }) => {
    const vaults: VaultModel[] = (env.vaults ?? []).flatMap((vault) =>
      vaultRegions(env, vault).map((region) => ({
        name: vault.name,
        region,
        airGapped: vault.type === 'logically-air-gapped',
        encryption: vaultEncryption(vault, region),
        lock: vault.lock ? { ...vault.lock } : undefined,
        retention: vault.retention ? { ...vault.retention } : undefined,
        notificationEvents: [...new Set(vault.notifications?.events ?? [])].sort(),
        copySources: {
          accountIds: [...new Set((vault.acceptCopiesFrom?.environments ?? []).map((n) => (byName.get(n) as EnvironmentFile).accountId))].sort(),
          organizationIds: vault.acceptCopiesFrom?.organizationId ? [vault.acceptCopiesFrom.organizationId] : [],
        },
        copyDestinationAccountIds: [...(copiesOut.get(`${env.name}/${region}/${vault.name}`) ?? [])].sort(),
      })),
    );
    return {
      sourceFile: file,
      name: env.name,
      accountId: env.accountId,
      partition: env.partition,
      organizationId: env.organizationId,
      primaryRegion: env.regions.primary,
      regions: environmentRegions(env),
      deployment: {
        roleArn: env.deployment.roleArn,
        sessionName: env.deployment.sessionName ?? defaultSessionName(env.name),
        externalId: env.deployment.externalId,
      },
      state: {
        bucket: env.state.bucket,
        key: env.state.key ?? defaultStateKey(env.name),
        region: env.state.region,
        lockTable: env.state.lockTable,
        kmsKeyArn: env.state.kmsKeyArn,
        roleArn: env.state.roleArn,
      },
      tags: {
        ...(env.tags.additional ?? {}),
        environment: env.tags.environment,
        owner: env.tags.owner,
        'compliance-code': env.tags.complianceCode,
        [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value,
      },
      breakGlassRoleName: env.breakGlassRoleName ?? DEFAULT_BREAK_GLASS_ROLE_NAME,
      ssmParameterPrefix: env.ssmParameterPrefix ?? DEFAULT_SSM_PARAMETER_PREFIX,
      vaults,
      plans: plansByEnv.get(env.name) ?? [],
      orchestration: orchestrationModel(env),
      access: accessModel(env, env.breakGlassRoleName ?? DEFAULT_BREAK_GLASS_ROLE_NAME),
      catalog: catalogModel(env),
      regionSettings: regionSettingsModels(env),
    };
  });
}

/** The Region settings of every Region of the environment (none when regionSettings.manage is false). */
function regionSettingsModels(env: EnvironmentFile): RegionSettingsModel[] {
  const full = fullManagementOn(env);
  return environmentRegions(env).flatMap((region) => {
    const { managed, optIn } = optInPreferences(env, region);
    if (!managed) return [];
    const sorted = [...optIn].sort(([a], [b]) => a.localeCompare(b));
    return [{ region, optIn: Object.fromEntries(sorted), fullManagement: Object.fromEntries(MANAGEMENT_PREFERENCE_TYPES.map((t) => [t, full(t)])) }];
  });
}
