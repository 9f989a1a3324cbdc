/**
 * `npm run plan -- [environment...] [--offline | --online] [--no-assume-role] [--json] [--markdown <file>]
 *                  [--environments <dir>]`
 *
 * Synthesizes the app (`tsx main.ts`), then runs `terraform init` + `terraform plan` for every
 * stack (or only the named ones), two at a time, shows progress, and ends with a table and totals.
 * Without AWS credentials (or with --offline) it plans OFFLINE: a local backend and mock
 * credentials via an override file beside each cdk.tf.json (removed afterwards); nothing is read
 * from AWS. `--json` prints a machine-readable report on stdout (progress goes to stderr);
 * `--markdown` writes the pull-request summary with each full plan folded. Exits non-zero if
 * synthesis or any stack fails.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CommandError, parseCommandLine, runCommand, UsageError } from '../lib/command-line';
import { renderPlanMarkdown, renderPlanTable, totalsOf, changeLine, type PlanReport, type StackPlanReport } from '../lib/plan-report';
import { prepareTerraformCli, type TerraformCli } from '../lib/terraform/cli-config';
import { resolvePlanMode } from '../lib/terraform/credentials';
import { readManifest, selectStacks, type ManifestStack } from '../lib/terraform/manifest';
import { OFFLINE_DATA_DIR, removeOfflineOverride, writeOfflineOverride } from '../lib/terraform/offline-override';
import { requireTerraform } from '../lib/terraform/require';
import { terraformInit, terraformPlan } from '../lib/terraform/runner';
import { synthesizeApp } from '../lib/terraform/synth';
import { refuseUnknownEnvironments } from '../lib/environment-names';

const ROOT = path.resolve(__dirname, '..', '..');
/** CDKTF_OUTDIR moves the synthesized output, as it does for cdktf itself. */
const OUT_DIR = path.resolve(process.env.CDKTF_OUTDIR ?? path.join(ROOT, 'cdktf.out'));
const CONCURRENCY = 2;
/** The providers' role variable; empty means "plan with the caller's own credentials" (the CI plan role). */
const DEPLOYMENT_ROLE_VARIABLE = 'deployment_role_arn';

const USAGE = `Usage: npm run plan -- [environment...] [options]

  environment...        plan only these stacks (default: all)
  --offline             plan without AWS: local backend, mock credentials
  --online              plan against the real backend and AWS (needs credentials)
  --no-assume-role      plan with the caller's credentials (-var ${DEPLOYMENT_ROLE_VARIABLE}=): for the read-only CI plan role
  --json                print a machine-readable report on stdout (progress goes to stderr)
  --markdown <file>     write a Markdown summary with each full plan folded (pull-request comments)
  --environments <dir>  environments directory (default: environments)`;

interface Options {
  names: string[];
  offline: boolean;
  online: boolean;
  assumeRole: boolean;
  json: boolean;
  markdown?: string;
  environmentsDir?: string;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values, positionals } = parseCommandLine(argv, {
    offline: { type: 'boolean', default: false },
    online: { type: 'boolean', default: false },
    'no-assume-role': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    markdown: { type: 'string' },
    environments: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  }, USAGE, { positionals: true });
  if (values.help) return 'help';
  if (values.offline && values.online) throw new UsageError('--offline and --online are mutually exclusive.');
  return {
    names: positionals,
    offline: values.offline,
    online: values.online,
    assumeRole: !values['no-assume-role'],
    json: values.json,
    markdown: values.markdown,
    environmentsDir: values.environments,
  };
}

const seconds = (start: number) => (Date.now() - start) / 1000;

/** Serializes calls (terraform's plugin cache is not safe for concurrent `init`). */
function mutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = last.then(fn, fn);
    last = run.catch(() => undefined);
    return run;
  };
}

interface PlanRun {
  cli: TerraformCli;
  offline: boolean;
  assumeRole: boolean;
  renderText: boolean;
  serializeInit: <T>(fn: () => Promise<T>) => Promise<T>;
}

async function planStack(stack: ManifestStack, run: PlanRun): Promise<StackPlanReport> {
  const start = Date.now();
  try {
    if (run.offline) writeOfflineOverride(stack.dir, path.basename(stack.stackFile));
    else removeOfflineOverride(stack.dir);
    // Offline runs keep their own working data (the local backend they switch to), so the stack's .terraform stays
    // initialised for its real S3 backend: `cdktf diff` / `deploy` afterwards see no "Backend configuration changed".
    const env = run.offline ? { ...run.cli.env, TF_DATA_DIR: path.resolve(stack.dir, OFFLINE_DATA_DIR) } : run.cli.env;
    await run.serializeInit(() => terraformInit(stack.dir, env));
    const summary = await terraformPlan(stack.dir, env, {
      keepPlanFile: !run.offline,
      renderText: run.renderText,
      vars: run.assumeRole ? {} : { [DEPLOYMENT_ROLE_VARIABLE]: '' },
    });
    return {
      environment: stack.name,
      status: 'planned',
      seconds: seconds(start),
      add: summary.add,
      change: summary.change,
      destroy: summary.destroy,
      resourceCount: summary.resourceCount,
      resourceTypes: summary.resourceTypes,
      planText: summary.text,
    };
  } catch (e) {
    return { environment: stack.name, status: 'failed', seconds: seconds(start), error: (e as Error).message };
  } finally {
    if (run.offline) removeOfflineOverride(stack.dir);
  }
}

async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function describeTypes(stack: StackPlanReport): string {
  const types = Object.entries(stack.resourceTypes ?? {})
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => `${n} ${type}`);
  return `${stack.resourceCount} resources${types.length ? `: ${types.join(', ')}` : ''}`;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const started = Date.now();
  // With --json, stdout carries only the report.
  const progress = options.json ? process.stderr : process.stdout;
  const say = (line: string) => progress.write(`${line}\n`);
  const homeDir = os.homedir();
  const env = process.env;
  const { mode, reason } = resolvePlanMode(options, env, homeDir);
  const offline = mode === 'offline';

  let environmentsDir: string | undefined;
  if (options.environmentsDir !== undefined) {
    environmentsDir = path.resolve(env.INIT_CWD ?? process.cwd(), options.environmentsDir);
    if (!fs.existsSync(environmentsDir)) throw new CommandError(`--environments: directory not found: ${environmentsDir}`);
  }
  const markdownFile = options.markdown === undefined ? undefined : path.resolve(env.INIT_CWD ?? process.cwd(), options.markdown);

  refuseUnknownEnvironments(options.names, ROOT, environmentsDir);
  const terraform = await requireTerraform({ env, homeDir, offline });
  if (offline) say(`${reason}: planning OFFLINE (local backend, mock credentials; nothing is read from AWS)`);
  else say(`${reason}: planning ONLINE (real backend and AWS APIs)${options.assumeRole ? '' : ', with the caller\'s own credentials (no role assumed)'}`);
  const source = terraform.mirror ? `provider mirror ${terraform.mirror.path}` : 'the Terraform registry';
  say(`Terraform ${terraform.version}; providers from ${source}`);

  await synthesizeApp({ root: ROOT, outDir: OUT_DIR, environmentsDir, progress });
  const stacks = selectStacks(readManifest(OUT_DIR), options.names);
  if (stacks.length === 0) throw new CommandError('The app synthesized no stacks: nothing to plan.');

  const cli = prepareTerraformCli({ env, homeDir, configFile: path.join(OUT_DIR, '.terraformrc'), mirror: terraform.mirror, offline });
  const run: PlanRun = {
    cli,
    offline,
    assumeRole: options.assumeRole,
    renderText: markdownFile !== undefined || options.json,
    serializeInit: cli.pluginCacheDir ? mutex() : <T>(fn: () => Promise<T>) => fn(),
  };

  say(`Planning ${stacks.length} stack${stacks.length > 1 ? 's' : ''} (${Math.min(CONCURRENCY, stacks.length)} at a time)...`);
  let done = 0;
  const results = await pool(stacks, CONCURRENCY, async (stack) => {
    say(`  ...   ${stack.name}: init + plan`);
    const r = await planStack(stack, run);
    done++;
    const counter = `[${done}/${stacks.length}]`;
    if (r.status === 'planned') {
      say(`  ${counter} ok    ${stack.name}: ${changeLine(r)} (${r.seconds.toFixed(1)}s)`);
      say(`        ${describeTypes(r)}`);
    } else {
      say(`  ${counter} FAIL  ${stack.name} (${r.seconds.toFixed(1)}s)`);
    }
    return r;
  });

  say(`\n${renderPlanTable(results)}`);
  const report: PlanReport = {
    version: 1,
    mode,
    terraformVersion: terraform.version,
    seconds: seconds(started),
    stacks: results,
    totals: totalsOf(results),
  };
  if (markdownFile !== undefined) {
    fs.mkdirSync(path.dirname(markdownFile), { recursive: true });
    fs.writeFileSync(markdownFile, renderPlanMarkdown(results));
    say(`Markdown summary: ${path.relative(process.cwd(), markdownFile) || markdownFile}`);
  }
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    console.error(`\n${failed.length} of ${results.length} stack${results.length > 1 ? 's' : ''} failed:`);
    for (const r of failed) console.error(`\n[${r.environment}] ${r.error}`);
    return 1;
  }
  return 0;
}

runCommand('plan', () => main(process.argv.slice(2)));
