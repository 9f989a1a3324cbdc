import type { Partition } from './partitions';
import type { DRILL_RESOURCE_TYPES, LifecycleConfig, VaultEvent, VaultLockConfig } from './schema';

/*
 * The validated, typed model that constructs receive. Defaults are resolved, regions expanded (one vault or
 * plan entry per region), copy targets resolved to account IDs and ARNs. Nothing here reads files.
 */

/**
 * Retention of recovery points, as the file declares it (config/schema: Lifecycle, whose descriptions document each
 * field); the construct props reuse this type (modules/backup/backup-rule.ts: BackupLifecycleProps).
 */
export type LifecycleModel = Readonly<LifecycleConfig>;

export type VaultEncryption =
  | { readonly kind: 'create'; readonly deletionWindowInDays: number }
  | { readonly kind: 'existing'; readonly keyArn: string }
  /** Logically air-gapped vaults: AWS owns the key. */
  | { readonly kind: 'aws-owned' };

/**
 * AWS Backup Vault Lock, as the file declares it (config/schema: VaultLock, whose descriptions document each field).
 * Declared once there: the model passes it through unchanged and the construct props reuse this type
 * (modules/backup/backup-vault.ts: BackupVaultLockProps); config never imports a construct, data flows config -> modules.
 */
export type VaultLockModel = Readonly<VaultLockConfig>;

export interface VaultModel {
  readonly name: string;
  readonly region: string;
  readonly airGapped: boolean;
  readonly encryption: VaultEncryption;
  readonly lock?: VaultLockModel;
  /** Logically air-gapped vaults only. */
  readonly retention?: { readonly minDays: number; readonly maxDays: number };
  readonly notificationEvents: readonly VaultEvent[];
  /** Accounts and organizations allowed to copy into this vault (a central vault). */
  readonly copySources: { readonly accountIds: readonly string[]; readonly organizationIds: readonly string[] };
  /** Other accounts this vault's recovery points are copied to; they need use of its key. */
  readonly copyDestinationAccountIds: readonly string[];
}

export interface CopyModel {
  readonly destinationEnvironment: string;
  readonly destinationAccountId: string;
  readonly destinationRegion: string;
  readonly destinationVaultName: string;
  readonly destinationVaultArn: string;
  /** How the destination vault is encrypted in its region: the source's copy role uses that key (cross-account copies). */
  readonly destinationEncryption: VaultEncryption;
  readonly lifecycle?: LifecycleModel;
}

export interface RuleModel {
  readonly name: string;
  readonly vaultName: string;
  readonly schedule: string;
  readonly scheduleTimezone?: string;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly lifecycle?: LifecycleModel;
  readonly continuousBackup: boolean;
  readonly recoveryPointTags: Readonly<Record<string, string>>;
  readonly copies: readonly CopyModel[];
}

export interface TagCondition {
  readonly key: string;
  readonly value: string;
}

export interface SelectionModel {
  readonly name: string;
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly stringEquals: readonly TagCondition[];
  readonly stringNotEquals: readonly TagCondition[];
  readonly stringLike: readonly TagCondition[];
  readonly stringNotLike: readonly TagCondition[];
  readonly anyOfTags: readonly TagCondition[];
}

export interface PlanModel {
  readonly name: string;
  readonly region: string;
  readonly rules: readonly RuleModel[];
  readonly selections: readonly SelectionModel[];
}

export interface EnvironmentModel {
  /** The file it came from, for messages. */
  readonly sourceFile: string;
  readonly name: string;
  readonly accountId: string;
  readonly partition: Partition;
  readonly organizationId?: string;
  readonly primaryRegion: string;
  /** Primary first. */
  readonly regions: readonly string[];
  readonly deployment: { readonly roleArn: string; readonly sessionName: string; readonly externalId?: string };
  readonly state: {
    readonly bucket: string;
    readonly key: string;
    readonly region: string;
    readonly lockTable?: string;
    readonly kmsKeyArn?: string;
    readonly roleArn?: string;
  };
  /** Tags every resource carries (provider default tags). */
  readonly tags: Readonly<Record<string, string>>;
  readonly breakGlassRoleName: string;
  readonly ssmParameterPrefix: string;
  readonly vaults: readonly VaultModel[];
  readonly plans: readonly PlanModel[];
  /** Absent when the file turns orchestration off. */
  readonly orchestration?: OrchestrationModel;
  /** Always present: boundaries apply even when the file has no access section. */
  readonly access: AccessModel;
  /** How the environment appears in a Backstage catalog (`npm run catalog`); defaults resolved. */
  readonly catalog: CatalogModel;
  /** AWS Backup Region settings the stack manages, one per Region of the environment; empty when the file leaves them alone. */
  readonly regionSettings: readonly RegionSettingsModel[];
}

/** AWS Backup's Region settings in one Region (only the keys named here are managed; AWS's other keys are left alone). */
export interface RegionSettingsModel {
  readonly region: string;
  /** Resource type -> whether AWS Backup protects it in the Region. */
  readonly optIn: Readonly<Record<string, boolean>>;
  /** Resource type (DynamoDB, EFS) -> whether AWS Backup fully manages its backups. */
  readonly fullManagement: Readonly<Record<string, boolean>>;
}

/** The Backstage catalog facts of one environment. */
export interface CatalogModel {
  /** Full entity reference of the owning group or user, e.g. `group:default/platform-team`. */
  readonly owner: string;
  /** Name of the environment's System entity (namespace default). */
  readonly system: string;
  /** `spec.lifecycle` of the environment's Components and API. */
  readonly lifecycle: string;
}

export type DrillResourceType = (typeof DRILL_RESOURCE_TYPES)[number];

export interface DrillModel {
  readonly name: string;
  readonly region: string;
  /** EventBridge Scheduler expression. */
  readonly schedule: string;
  readonly scheduleTimezone: string;
  readonly resourceArn: string;
  readonly resourceType: DrillResourceType;
  readonly vaultName?: string;
  readonly restoreMetadataOverrides: Readonly<Record<string, string>>;
  readonly targetRecoveryMinutes?: number;
  readonly enabled: boolean;
}

export interface RestoreTestingSelectionModel {
  readonly name: string;
  readonly resourceType: string;
  /** Explicit ARNs or ["*"]; empty when tags select (the API takes exactly one of the two). */
  readonly resourceArns: readonly string[];
  readonly tags: readonly TagCondition[];
  readonly validationWindowHours: number;
  readonly restoreMetadataOverrides: Readonly<Record<string, string>>;
}

export interface RestoreTestingPlanModel {
  readonly name: string;
  readonly region: string;
  readonly schedule: string;
  readonly scheduleTimezone: string;
  readonly startWindowHours: number;
  readonly algorithm: 'LATEST_WITHIN_WINDOW' | 'RANDOM_WITHIN_WINDOW';
  readonly includeVaultArns: readonly string[];
  readonly recoveryPointTypes: readonly ('SNAPSHOT' | 'CONTINUOUS')[];
  readonly selectionWindowDays: number;
  readonly selections: readonly RestoreTestingSelectionModel[];
}

/** Rule an on-demand backup follows in one region. */
export interface OnDemandRuleModel {
  /** `<plan>/<rule>`. */
  readonly key: string;
  readonly planName: string;
  readonly ruleName: string;
}

export interface OrchestrationModel {
  /** Primary first when it is one of them. */
  readonly regions: readonly string[];
  /** Per region; absent for a region without plans (no orchestrator there). */
  readonly defaultOnDemandRule: Readonly<Record<string, OnDemandRuleModel>>;
  readonly callbackTimeoutSeconds: number;
  /** How long the machines wait for one job at most (config/orchestration-limits.ts: maxJobDurationSeconds). */
  readonly maxJobDurationSeconds: number;
  readonly auditRetentionDays: number;
  readonly logRetentionDays: number;
  readonly recovery: { readonly enabled: boolean; readonly maxAttempts: number; readonly initialBackoffSeconds: number };
  readonly drills: readonly DrillModel[];
  readonly restoreTesting: readonly RestoreTestingPlanModel[];
}

/** An identity-aware proxy that assumes roles for humans. */
export interface IdentityProxyModel {
  readonly name: string;
  readonly roleArns: readonly string[];
  /** The only session tag keys it may set. */
  readonly sessionTagKeys: readonly string[];
}

export interface OidcProviderModel {
  readonly name: string;
  readonly issuerUrl: string;
  /** The issuer without `https://`: the prefix of its IAM condition keys (`<host>:aud`, `<host>:sub`). */
  readonly conditionKeyPrefix: string;
  readonly audiences: readonly string[];
  /** Set when the provider already exists in the account; otherwise the stack creates it. */
  readonly existingArn?: string;
}

export type HumanRoleKind = 'operator' | 'auditor' | 'break-glass';

/** A role a human assumes, and who may assume it. */
export interface HumanRoleModel {
  readonly kind: HumanRoleKind;
  readonly roleName: string;
  readonly proxies: readonly IdentityProxyModel[];
  readonly oidc: readonly { readonly provider: OidcProviderModel; readonly subjects: readonly string[] }[];
}

/** GitHub Actions roles: `sub` claims that may plan (pull requests) and deploy (a branch or a protected environment). */
export interface GitHubCiModel {
  readonly provider: OidcProviderModel;
  readonly repository: string;
  readonly planRoleName: string;
  readonly deployRoleName: string;
  readonly planSubjects: readonly string[];
  readonly deploySubjects: readonly string[];
}

export interface StartApiModel {
  /** The primary region. */
  readonly region: string;
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly startScope: string;
  readonly readScope: string;
  readonly throttling: { readonly burstLimit: number; readonly rateLimit: number };
}

export interface AccessModel {
  /** An externally managed boundary for every role; absent: the project's own boundaries. */
  readonly permissionsBoundaryArn?: string;
  /** Of the human and CI roles. */
  readonly maxSessionSeconds: number;
  /** Providers this stack creates (used by a role and without an existing ARN). */
  readonly oidcProvidersToCreate: readonly OidcProviderModel[];
  readonly humanRoles: readonly HumanRoleModel[];
  readonly ci?: GitHubCiModel;
  readonly api?: StartApiModel;
}
