import { App } from 'cdktf';
import { formatIgnored } from './config/environment-files';
import { loadEnvironmentsWithNotes } from './config/load';
import { ConfigError, formatWarning } from './config/problems';
import { BackupEnvironmentStack } from './modules/backup-environment-stack';
import { SecurityRuleViolation } from './modules/security-aspect';

/**
 * The cdktf app: every environment file -> validated model -> one stack per environment.
 * `BACKUP_ENVIRONMENTS_DIR` names another folder of environment files (default: environments).
 */
function main(): void {
  const directory = process.env.BACKUP_ENVIRONMENTS_DIR ?? 'environments';
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
  const app = new App();
  for (const env of environments) new BackupEnvironmentStack(app, env);
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

main();
