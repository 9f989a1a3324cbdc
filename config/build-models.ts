import type { z } from 'zod';
import { validateEnvironmentConfigs } from './load';
import type { EnvironmentModel } from './model';
import type { EnvironmentFile } from './schema';

/**
 * One environment's configuration as an object: exactly the shape of an `environments/<name>.yaml` file (see
 * `environment.schema.json` and the README's config reference). Values are validated at run time anyway, so plain
 * JavaScript callers may pass any value.
 */
export type EnvironmentConfig = z.input<typeof EnvironmentFile>;

/** How a configuration object is named in problems: `environment "prod"`, or its index when it has no name. */
export function configLabel(config: unknown, index: number): string {
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
