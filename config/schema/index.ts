/*
 * Stage 1 of reading the estate: the shape of one environment file (zod), the source of the JSON Schema and of the
 * README reference. What needs more than one field or more than one file is checked next, in ../checks.
 */
export {
  BACKSTAGE_NAME_PATTERN,
  BACKSTAGE_OWNER_PATTERN,
  EnvironmentFile,
  VAULT_EVENTS,
  type CatalogConfig,
  type CopyTargetConfig,
  type LifecycleConfig,
  type PlanConfig,
  type RuleConfig,
  type SelectionConfig,
  type VaultConfig,
  type VaultEvent,
  type VaultLockConfig,
} from './environment-file';
export { DRILL_RESOURCE_TYPES, LOG_RETENTION_DAYS, RESTORE_TESTING_RESOURCE_TYPES, type DrillConfig, type OrchestrationConfig, type RestoreTestingPlanConfig } from './orchestration';
export { GITHUB_ACTIONS_ISSUER, type AccessConfig, type HumanRoleTrustConfig } from './access';
export type { RegionSettingsConfig } from './region-settings';
export { partialEnvironment, type PartialEnvironment } from './partial-validation';
