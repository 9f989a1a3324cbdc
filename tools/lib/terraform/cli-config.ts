import * as fs from 'fs';
import * as path from 'path';
import { offlineAwsEnv } from './credentials';
import { mirrorProviders, type ProviderMirror } from './mirror';
import { readUserCliConfig } from './user-cli-config';

/** What a Terraform CLI config file should say; see {@link renderCliConfig}. */
export interface CliConfigSpec {
  /** Filesystem mirror to install from; providers it holds are never fetched from a registry. */
  mirror?: { path: string; providers: string[] };
  /** Shared plugin cache directory (used only when installing from the registry). */
  pluginCacheDir?: string;
}

/**
 * Renders a Terraform CLI config (HCL). With a mirror: the providers it holds come only from it
 * (symlinked into `.terraform`, no copy), anything else from the registry.
 */
export function renderCliConfig(spec: CliConfigSpec): string {
  const q = (s: string) => JSON.stringify(s);
  const lines: string[] = ['# Written by tools/cli/plan.ts; do not edit.'];
  if (spec.mirror && spec.mirror.providers.length > 0) {
    const list = spec.mirror.providers.map(q).join(', ');
    lines.push(
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${q(spec.mirror.path)}`,
      `    include = [${list}]`,
      '  }',
      '  direct {',
      `    exclude = [${list}]`,
      '  }',
      '}',
    );
  }
  if (spec.pluginCacheDir) lines.push(`plugin_cache_dir = ${q(spec.pluginCacheDir)}`);
  return lines.join('\n') + '\n';
}

/** A ready-to-use Terraform CLI setup: the environment to spawn terraform with. */
export interface TerraformCli {
  /** Environment for terraform subprocesses (TF_CLI_CONFIG_FILE points at `configFile`). */
  env: NodeJS.ProcessEnv;
  configFile: string;
  mirror?: ProviderMirror;
  /** Set when providers come from the registry; `terraform init` must then not run concurrently. */
  pluginCacheDir?: string;
}

/** Inputs of {@link prepareTerraformCli}; injectable for tests. */
export interface PrepareCliOptions {
  /** Base environment (usually process.env); not modified. */
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** Where to write the CLI config file, e.g. `cdktf.out/.terraformrc`. */
  configFile: string;
  /** Mirror from {@link findProviderMirror}; undefined → registry with a plugin cache. */
  mirror?: ProviderMirror;
  /** Strip AWS credentials/profiles from the environment (see {@link offlineAwsEnv}). */
  offline: boolean;
}

/**
 * Writes the CLI config file terraform runs with (the user's own config, TF_CLI_CONFIG_FILE or ~/.terraformrc, carried
 * over into it, then the mirror and cache this project needs where the user's config does not set them) and returns
 * the environment to run terraform with. Registry mode caches providers in
 * `$TF_PLUGIN_CACHE_DIR` or `~/.terraform.d/plugin-cache`.
 */
export function prepareTerraformCli(options: PrepareCliOptions): TerraformCli {
  const { mirror } = options;
  let pluginCacheDir: string | undefined;
  if (!mirror) {
    pluginCacheDir = options.env.TF_PLUGIN_CACHE_DIR || path.join(options.homeDir, '.terraform.d', 'plugin-cache');
    fs.mkdirSync(pluginCacheDir, { recursive: true });
  }
  // The user's own settings come first; where they set provider_installation or plugin_cache_dir, theirs win (the CLI
  // config takes one of each).
  const user = readUserCliConfig(options.env, options.homeDir);
  const spec: CliConfigSpec = {
    mirror: mirror && !user?.topLevel.has('provider_installation') ? { path: mirror.path, providers: mirrorProviders(mirror.path) } : undefined,
    pluginCacheDir: user?.topLevel.has('plugin_cache_dir') ? undefined : pluginCacheDir,
  };
  const configFile = path.resolve(options.configFile);
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  const carried = user ? `# Carried over from ${user.file}:\n${user.text.trimEnd()}\n\n` : '';
  fs.writeFileSync(configFile, carried + renderCliConfig(spec));

  const base = options.offline ? offlineAwsEnv(options.env) : { ...options.env };
  delete base.TF_PLUGIN_CACHE_DIR; // our config file decides
  const env: NodeJS.ProcessEnv = {
    ...base,
    TF_CLI_CONFIG_FILE: configFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
  return { env, configFile, mirror, pluginCacheDir };
}
