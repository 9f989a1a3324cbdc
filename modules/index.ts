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
import type { z } from 'zod';
import { validateEnvironmentConfigs } from '../config/load';
import type { EnvironmentModel } from '../config/model';
import type { EnvironmentFile } from '../config/schema';

/**
 * One environment's configuration as an object: exactly the shape of an `environments/<name>.yaml` file (see
 * `environment.schema.json` and the README's config reference). Values are validated at run time anyway, so plain
 * JavaScript callers may pass any value.
 */
export type EnvironmentConfig = z.input<typeof EnvironmentFile>;

/** How a configuration object is named in problems: `environment "prod"`, or its index when it has no name. */
function configLabel(config: unknown, index: number): string {
  const name = config !== null && typeof config === 'object' ? (config as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? `environment ${JSON.stringify(name)}` : `environments[${index}]`;
}

/**
 * Validates environment configurations given as objects and returns their models, in the same order. They are
 * checked together, like the files of one `environments/` folder: the schema, every per-environment rule, then
 * the rules across environments (names unique; every copy resolves to a vault of an environment in the list that
 * accepts it). Nothing is read from disk or from AWS.
 *
 * @throws {@link ConfigError} listing every problem at once (`environment "<name>": <path>: <message> [<rule>]
 *   (received: <value>)`), with the same rules and messages as the YAML loader.
 */
export function buildEnvironmentModels(configs: readonly EnvironmentConfig[]): EnvironmentModel[] {
  return validateEnvironmentConfigs(configs.map((config, index) => ({ file: configLabel(config, index), config })));
}

/**
 * One environment's model from its configuration object: {@link buildEnvironmentModels} with a list of one. Its
 * copies may target only its own vaults (other accounts' environments must be in the same list: use
 * buildEnvironmentModels).
 *
 * @throws {@link ConfigError} listing every problem.
 */
export function buildEnvironmentModel(config: EnvironmentConfig): EnvironmentModel {
  return buildEnvironmentModels([config])[0];
}

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
export { BackupEnvironmentStack, type BackupEnvironmentStackOptions } from './estate/backup-environment-stack';

/** A customer-managed-key backup vault that only the break-glass role can empty, with optional lock and intake. */
export { BackupVault, type BackupVaultProps, type BackupVaultLockProps } from './backup/backup-vault';
/** A backup plan with its rules (copy actions included) and its selections. */
export { BackupPlan, type BackupPlanProps } from './backup/backup-plan';
export { BackupRegionSettings, type BackupRegionSettingsProps } from './backup/backup-region-settings';
/** A backup selection in the one stable shape that avoids perpetual replacement. */
export { BackupSelection, type BackupSelectionProps, type TagConditionProps } from './backup/backup-selection';
/** Rule props and presets (daily, weekly, monthly 1 year, monthly 7 years). */
export { BackupRulePresets, type BackupRuleProps, type BackupLifecycleProps, type BackupCopyProps } from './backup/backup-rule';
/** The event-driven automation of one environment in one region (tables, functions, state machines, events). */
export { BackupOrchestration, type BackupOrchestrationProps } from './orchestration';
/** The roles people (proxy, OIDC) and CI (GitHub Actions) assume. */
export { AccessRoles, type AccessRolesProps } from './access/access-roles';
/** The authenticated start endpoint (HTTP API, JWT) and its props. */
export { StartApi, START_API_FUNCTION, START_EXECUTION_FUNCTION, type StartApiProps, type StartApiJwt, type StartApiScopes, type StartApiThrottling, type StartApiFunctionName } from './start-api/start-api';
export { startCatalogOf, startCatalogText } from './start-api/start-catalog';
export type { StartCatalog, StartCatalogDrill } from '../config/function-contract/start-catalog';
/** Partition, region and account: where a construct's ARNs point. */
export type { AwsLocation } from './core/aws-partition';
/** The deployment package of a function: prebuilt in the package, bundled from source in this repository. */
export { bundleFunction, type FunctionCode } from './functions';
/** Names of the orchestration functions (BackupOrchestrationProps.functionCode). */
export type { OrchestrationFunctionName } from './orchestration';

/** The security rule pack checked at synth, the error it throws, and the rules. */
export { SecurityRulesAspect, SecurityRuleViolation } from './security/security-aspect';
export { SECURITY_RULES } from './security/security-rules';
export type { SecurityRule, SecurityFinding, SecuritySeverity } from './security/security-finding';
