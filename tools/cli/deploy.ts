/**
 * `npm run deploy -- <environment> [--markdown <file>] [--environments <dir>]`
 *
 * Deploys one environment: synthesize, `terraform init`, `terraform plan -lock=true -out`, show the plan, then
 * apply exactly that saved plan. Needs real AWS credentials (the CI deploy role, or a human with the deployment
 * role); the providers assume the environment's deployment role. There is no offline mode and no prompt: in CI
 * the GitHub environment's required reviewers are the approval. Exits non-zero on any failure.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CommandError, parseCommandLine, runCommand, UsageError } from '../lib/command-line';
import { changeLine, renderPlanMarkdown, type StackPlanReport } from '../lib/plan-report';
import { prepareTerraformCli } from '../lib/terraform/cli-config';
import { detectAwsCredentials } from '../lib/terraform/credentials';
import { readManifest, selectStacks } from '../lib/terraform/manifest';
import { removeOfflineOverride } from '../lib/terraform/offline-override';
import { requireTerraform } from '../lib/terraform/require';
import { terraformApply, terraformInit, terraformPlan } from '../lib/terraform/runner';
import { synthesizeApp } from '../lib/terraform/synth';
import { refuseUnknownEnvironments } from '../lib/environment-names';

const ROOT = path.resolve(__dirname, '..', '..');
/** CDKTF_OUTDIR moves the synthesized output, as it does for cdktf itself. */
const OUT_DIR = path.resolve(process.env.CDKTF_OUTDIR ?? path.join(ROOT, 'cdktf.out'));
const USAGE = 'Usage: npm run deploy -- <environment> [--markdown <file>] [--environments <dir>]';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { markdown: { type: 'string' }, environments: { type: 'string' } }, USAGE, { positionals: true });
  if (positionals.length !== 1) throw new UsageError('Name exactly one environment to deploy.', USAGE);
  const [name] = positionals;
  const env = process.env;
  const homeDir = os.homedir();
  const cwd = env.INIT_CWD ?? process.cwd();
  const credentials = detectAwsCredentials(env, homeDir);
  if (!credentials.present) throw new CommandError('No AWS credentials found: deploy needs real credentials (it never runs offline).');

  const environmentsDir = values.environments === undefined ? undefined : path.resolve(cwd, values.environments);
  refuseUnknownEnvironments([name], ROOT, environmentsDir);
  const terraform = await requireTerraform({ env, homeDir, offline: false });
  await synthesizeApp({ root: ROOT, outDir: OUT_DIR, environmentsDir, progress: process.stdout });
  const [stack] = selectStacks(readManifest(OUT_DIR), [name]);

  const cli = prepareTerraformCli({ env, homeDir, configFile: path.join(OUT_DIR, '.terraformrc'), mirror: terraform.mirror, offline: false });
  removeOfflineOverride(stack.dir);
  const start = Date.now();
  console.log(`[1/3] terraform init (${name})`);
  await terraformInit(stack.dir, cli.env);
  console.log(`[2/3] terraform plan (${name}, state locked)`);
  const summary = await terraformPlan(stack.dir, cli.env, { lock: true, keepPlanFile: true, renderText: true, planFile: 'deploy.tfplan' });
  const report: StackPlanReport = {
    environment: name,
    status: 'planned',
    seconds: (Date.now() - start) / 1000,
    add: summary.add,
    change: summary.change,
    destroy: summary.destroy,
    resourceCount: summary.resourceCount,
    planText: summary.text,
  };
  process.stdout.write(summary.text ?? '');
  if (values.markdown !== undefined) fs.writeFileSync(path.resolve(cwd, values.markdown), renderPlanMarkdown([report], { heading: `### Deploy ${name}` }));
  if (!summary.add && !summary.change && !summary.destroy) {
    console.log(`[3/3] nothing to apply: ${name} is up to date`);
    return 0;
  }
  console.log(`[3/3] terraform apply of the saved plan (${changeLine(report)})`);
  process.stdout.write(await terraformApply(stack.dir, cli.env, 'deploy.tfplan'));
  console.log(`Deployed ${name} in ${((Date.now() - start) / 1000).toFixed(1)}s: ${changeLine(report)}.`);
  return 0;
}

runCommand('deploy', () => main(process.argv.slice(2)));
