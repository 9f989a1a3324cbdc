/*
 * Stage 1 of reading the estate: the shape of one environment file (zod), the source of the JSON Schema and of the
 * README reference. environment-file.ts composes the sections (vault, plan, catalog, access, orchestration, Region
 * settings) from the values in values.ts. What needs more than one field or more than one file is checked next, in
 * ../checks.
 */
export { EnvironmentFile } from './environment-file';
export { VAULT_EVENTS, type VaultConfig, type VaultEvent, type VaultLockConfig } from './vault';
export type { CopyTargetConfig, LifecycleConfig, PlanConfig, RuleConfig, SelectionConfig } from './plan';
export { BACKSTAGE_NAME_PATTERN, BACKSTAGE_OWNER_PATTERN, type CatalogConfig } from './catalog';
export { DRILL_RESOURCE_TYPES, LOG_RETENTION_DAYS, RESTORE_TESTING_RESOURCE_TYPES, type DrillConfig, type OrchestrationConfig, type RestoreTestingPlanConfig } from './orchestration';
export { GITHUB_ACTIONS_ISSUER, type AccessConfig, type HumanRoleTrustConfig } from './access';
export type { RegionSettingsConfig } from './region-settings';
export { partialEnvironment, type PartialEnvironment } from './partial-validation';
