import * as fs from 'fs';
import * as path from 'path';

/*
 * The user's own Terraform CLI config (TF_CLI_CONFIG_FILE, else ~/.terraformrc): credentials for a private
 * registry, host blocks, a corporate provider mirror. Our runs write their own config file, so they carry the user's
 * settings over into it instead of replacing them.
 *
 * Why by hand: only the top level matters here (which blocks and attributes the user sets, so ours do not clash: the
 * CLI config allows one provider_installation and one plugin_cache_dir). The one HCL parser on npm
 * (@cdktf/hcl2json) is asynchronous WebAssembly and only a transitive dependency of cdktf-cli.
 */

export interface UserCliConfig {
  readonly file: string;
  readonly text: string;
  /** Names of the top-level blocks and attributes it sets. */
  readonly topLevel: ReadonlySet<string>;
}

/** The file Terraform would read: TF_CLI_CONFIG_FILE, else `.terraformrc` in the home folder, when it exists. */
export function userCliConfigFile(env: NodeJS.ProcessEnv, homeDir: string): string | undefined {
  const candidates = env.TF_CLI_CONFIG_FILE ? [env.TF_CLI_CONFIG_FILE] : [path.join(homeDir, '.terraformrc')];
  return candidates.find((file) => fs.existsSync(file) && fs.statSync(file).isFile());
}

/** Top-level names of an HCL text (comments and strings skipped; what is inside braces is not top level). */
export function topLevelNames(text: string): Set<string> {
  const names = new Set<string>();
  let depth = 0;
  let atStatementStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
      atStatementStart = true;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      atStatementStart = false;
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
      atStatementStart = depth === 0;
    } else if (c === '\n') {
      atStatementStart = true;
    } else if (/[A-Za-z_]/.test(c) && depth === 0 && atStatementStart) {
      const name = /^[A-Za-z_][\w-]*/.exec(text.slice(i))![0];
      names.add(name);
      i += name.length - 1;
      atStatementStart = false;
    }
  }
  return names;
}

/** The user's CLI config, when there is one. */
export function readUserCliConfig(env: NodeJS.ProcessEnv, homeDir: string): UserCliConfig | undefined {
  const file = userCliConfigFile(env, homeDir);
  if (!file) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  return { file, text, topLevel: topLevelNames(text) };
}
