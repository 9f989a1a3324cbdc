/**
 * The public API of the `cdktf-aws-backup-estate` package: what another cdktf app imports to build the same backup
 * estate without this repository's `environments/` folder. Everything else under modules/ and config/ is internal
 * (the package's `exports` map refuses deep imports) and may change without notice.
 *
 * What is exported, and why:
 * - Config to model: {@link buildEnvironmentModels} / {@link buildEnvironmentModel} validate in-memory configuration
 *   objects ({@link EnvironmentConfig}, the shape of one `environments/<name>.yaml`) with the same schema, rules and
 *   normalization as the YAML loader, and throw the same {@link ConfigError}; {@link loadEnvironments} does it for a
 *   folder of YAML files of your own. The model types (`EnvironmentModel` and its parts) are what the constructs take.
 * - The whole account: {@link BackupEnvironmentStack} and {@link BackupEnvironmentStackOptions}, one Terraform
 *   stack per environment model; what `main.ts` of this repository does for each file.
 * - Building blocks, for platform teams that compose their own stacks: {@link BackupVault}, {@link BackupPlan},
 *   {@link BackupSelection}, the rule presets {@link BackupRulePresets}, the orchestration
 *   ({@link BackupOrchestration}), the people and CI roles ({@link AccessRoles}), the start endpoint
 *   ({@link StartApi}), with their props types, the {@link AwsLocation} most of them take, and the function
 *   deployment packages the orchestration and the endpoint need ({@link bundleFunction}: the package ships them
 *   prebuilt, so a consumer needs neither esbuild nor the AWS SDK).
 * - The security rule pack: {@link SecurityRulesAspect} (applied by BackupEnvironmentStack; apply it to stacks you
 *   compose), the error it throws at synth, and the rules.
 *
 * Example (values in angle brackets are yours):
 * ```ts
 * import { App } from 'cdktf';
 * import { BackupEnvironmentStack, buildEnvironmentModel } from 'cdktf-aws-backup-estate';
 *
 * const model = buildEnvironmentModel({
 *   name: 'dev', accountId: '<account id>', partition: 'aws', regions: { primary: '<region>' },
 *   deployment: { roleArn: '<deployment role ARN>' },
 *   state: { bucket: '<state bucket>', region: '<region>' },
 *   tags: { environment: 'dev', owner: 'platform', complianceCode: 'NONE' },
 *   vaults: [{ name: 'dev' }],
 * });
 * const app = new App();
 * new BackupEnvironmentStack(app, model);
 * app.synth();
 * ```
 *
 * @packageDocumentation
 */

/**
 * Validates configuration objects into models (config/build-models.ts), with the same schema, rules and messages
 * as the YAML loader.
 */
export { buildEnvironmentModels, buildEnvironmentModel, type EnvironmentConfig } from '../config/build-models';
/**
 * Reads every `*.yaml` / `*.yml` file of a folder of your own (sorted by name), validates them together and
 * returns their models. File names must match the environments' names.
 * @throws {@link ConfigError} listing every problem, with file and line.
 */
export { loadEnvironments } from '../config/load';
/** Thrown once, with every configuration problem found (`problems`); its message is meant for people as it is. */
export { ConfigError, type Problem } from '../config/problems';
/** The typed, validated model of an environment and its parts (what the constructs receive). */
export type * from '../config/model';

/** One Terraform stack per environment (AWS account) and its options. */
export { BackupEnvironmentStack, type BackupEnvironmentStackOptions } from './estate';
/** What the start endpoint of an environment may start (from its model) and the JSON the stack publishes. */
export { startCatalogOf, startCatalogText, type StartCatalog, type StartCatalogDrill } from './estate';

/**
 * Vaults (customer-managed key, only break-glass may empty them), plans with their rules and selections (the one
 * stable selection shape), Region settings, and the rule presets (daily, weekly, monthly 1 year, monthly 7 years).
 */
export {
  BackupVault,
  type BackupVaultProps,
  type BackupVaultLockProps,
  BackupPlan,
  type BackupPlanProps,
  BackupRegionSettings,
  type BackupRegionSettingsProps,
  BackupSelection,
  type BackupSelectionProps,
  type TagConditionProps,
  BackupRulePresets,
  type BackupRuleProps,
  type BackupLifecycleProps,
  type BackupCopyProps,
} from './backup';
/** The event-driven automation of one environment in one region (tables, functions, state machines, events). */
export { BackupOrchestration, type BackupOrchestrationProps } from './orchestration';
/** The roles people (proxy, OIDC) and CI (GitHub Actions) assume. */
export { AccessRoles, type AccessRolesProps } from './access';
/** The authenticated start endpoint (HTTP API, JWT) and its props. */
export {
  StartApi,
  START_API_FUNCTION,
  START_EXECUTION_FUNCTION,
  type StartApiProps,
  type StartApiJwt,
  type StartApiScopes,
  type StartApiThrottling,
  type StartApiFunctionName,
} from './start-api';
/** Partition, region and account: where a construct's ARNs point. */
export type { AwsLocation } from './core';
/** The deployment package of a function: prebuilt in the package, bundled from source in this repository. */
export { bundleFunction, type FunctionCode } from './functions';
/** Names of the orchestration functions (BackupOrchestrationProps.functionCode). */
export type { OrchestrationFunctionName } from './orchestration';

/** The security rule pack checked at synth, the error it throws, and the rules. */
export { SecurityRulesAspect, SecurityRuleViolation, SECURITY_RULES, type SecurityRule, type SecurityFinding, type SecuritySeverity } from './security';
