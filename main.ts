import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defaultEnvironmentsDir, formatIgnored } from './config/environment-files';
import { loadEnvironmentsWithNotes, locateProblems } from './config/load';
import { ConfigError, formatWarning } from './config/problems';

/**
 * The cdktf app: every environment file -> validated model -> one stack per environment.
 * `BACKUP_ENVIRONMENTS_DIR` names another folder of environment files (default: environments).
 */
/** Building the stacks creates empty output folders up front: a refused run leaves none behind (an earlier synth stays). */
function removeIfNoFiles(directory: string): void {
  const holdsFiles = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => !entry.isDirectory() || holdsFiles(join(dir, entry.name)));
  if (existsSync(directory) && !holdsFiles(directory)) rmSync(directory, { recursive: true });
}

async function main(): Promise<void> {
  const directory = defaultEnvironmentsDir();
  let environments;
  try {
    const loaded = loadEnvironmentsWithNotes(directory);
    environments = loaded.environments;
    // Editor backups and hidden files beside the environments are left out; say so, on stderr.
    for (const note of loaded.ignored) process.stderr.write(`note: ${formatIgnored(note)}\n`);
    for (const warning of loaded.warnings) process.stderr.write(`${formatWarning(warning)}\n`);
  } catch (error) {
    if (error instanceof ConfigError) {
      // Nothing is synthesized: the output folder is left as it was.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // The constructs (cdktf, the provider bindings) load only for a valid estate: a config mistake is reported in
  // about a second instead of after loading them.
  const [{ App }, { BackupEnvironmentStack }, { limitFindingsOf }, { SecurityRuleViolation }] = await Promise.all([
    import('cdktf'),
    import('./modules/estate/backup-environment-stack'),
    import('./modules/limits'),
    import('./modules/security/security-aspect'),
  ]);
  const app = new App();
  const stacks = environments.map((env) => new BackupEnvironmentStack(app, env));
  // Limits AWS would hit only at apply (policy sizes, parameter names) are config problems: every one, before a file is written.
  const overLimits = locateProblems(environments.flatMap((env, i) => limitFindingsOf(stacks[i], env).map((f) => ({ file: env.sourceFile, ...f }))));
  if (overLimits.length > 0) {
    process.stderr.write(`${new ConfigError(overLimits).message}\n`);
    removeIfNoFiles(app.outdir);
    process.exit(1);
  }
  try {
    app.synth();
  } catch (error) {
    if (error instanceof SecurityRuleViolation) {
      // Every stack is checked before the first is written: nothing was synthesized.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
