/**
 * `npm run plan -- [environment...] [--offline | --online] [--environments <dir>]`
 *
 * Synthesizes the app (`tsx main.ts`), then runs `terraform init` + `terraform plan` for every
 * stack (or only the named ones), two at a time, and prints what each would add/change/destroy.
 * Without AWS credentials (or with --offline) it plans OFFLINE: a local backend and mock
 * credentials via an override file beside each cdk.tf.json (removed afterwards); nothing is read
 * from AWS. Exits non-zero if synthesis or any stack fails.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import {
  prepareTerraformCli,
  readManifest,
  removeOfflineOverride,
  requireTerraform,
  resolvePlanMode,
  runProcess,
  terraformInit,
  terraformPlan,
  writeOfflineOverride,
  type ManifestStack,
  type PlanSummary,
  type TerraformCli,
} from './terraform';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'cdktf.out');
const CONCURRENCY = 2;

const USAGE = `Usage: npm run plan -- [environment...] [--offline | --online] [--environments <dir>]

  environment...        plan only these stacks (default: all)
  --offline             plan without AWS: local backend, mock credentials
  --online              plan against the real backend and AWS (needs credentials)
  --environments <dir>  environments directory (default: environments)`;

/** Expected, user-facing failure: printed as a message, never with a stack trace. */
class PlanError extends Error {}

interface Options {
  names: string[];
  offline: boolean;
  online: boolean;
  environmentsDir?: string;
}

interface StackResult {
  stack: ManifestStack;
  seconds: number;
  summary?: PlanSummary;
  error?: string;
}

function parseOptions(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        offline: { type: 'boolean', default: false },
        online: { type: 'boolean', default: false },
        environments: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new PlanError(`${(e as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.offline && values.online) throw new PlanError('--offline and --online are mutually exclusive.');
  return {
    names: positionals,
    offline: values.offline === true,
    online: values.online === true,
    environmentsDir: values.environments,
  };
}

const seconds = (start: number) => (Date.now() - start) / 1000;

/** Runs `tsx main.ts`; on failure prints the app's own error output and throws. */
async function synth(environmentsDir: string | undefined): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (environmentsDir !== undefined) env.BACKUP_ENVIRONMENTS_DIR = environmentsDir;
  fs.rmSync(path.join(OUT_DIR, 'manifest.json'), { force: true }); // never read a stale manifest
  const tsxCli = require.resolve('tsx/cli', { paths: [ROOT] });
  const start = Date.now();
  process.stdout.write('Synthesizing (tsx main.ts)... ');
  const result = await runProcess(process.execPath, [tsxCli, 'main.ts'], { cwd: ROOT, env });
  if (result.code !== 0) {
    process.stdout.write('failed\n');
    const output = (result.stderr.trim() || result.stdout.trim() || `exit ${result.code ?? result.signal}`) + '\n';
    throw new PlanError(`Synthesis failed:\n${output}`);
  }
  process.stdout.write(`done (${seconds(start).toFixed(1)}s)\n`);
  if (result.stderr.trim()) process.stderr.write(result.stderr);
  if (!fs.existsSync(path.join(OUT_DIR, 'manifest.json'))) {
    throw new PlanError(`Synthesis succeeded but wrote no ${path.relative(ROOT, OUT_DIR)}/manifest.json (does main.ts call app.synth()?).`);
  }
}

function selectStacks(all: ManifestStack[], names: string[]): ManifestStack[] {
  if (names.length === 0) return all;
  const known = new Map(all.map((s) => [s.name, s]));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const list = all.map((s) => s.name).join(', ') || '(none)';
    throw new PlanError(`Unknown environment${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known: ${list}.`);
  }
  return [...new Set(names)].map((n) => known.get(n) as ManifestStack);
}

/** Serializes calls (terraform's plugin cache is not safe for concurrent `init`). */
function mutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = last.then(fn, fn);
    last = run.catch(() => undefined);
    return run;
  };
}

async function planStack(
  stack: ManifestStack,
  cli: TerraformCli,
  offline: boolean,
  serializeInit: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<StackResult> {
  const start = Date.now();
  try {
    if (offline) writeOfflineOverride(stack.dir, path.basename(stack.stackFile));
    else removeOfflineOverride(stack.dir);
    await serializeInit(() => terraformInit(stack.dir, cli.env));
    const summary = await terraformPlan(stack.dir, cli.env, { keepPlanFile: !offline });
    return { stack, seconds: seconds(start), summary };
  } catch (e) {
    return { stack, seconds: seconds(start), error: (e as Error).message };
  } finally {
    if (offline) removeOfflineOverride(stack.dir);
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

function describeTypes(summary: PlanSummary): string {
  const types = Object.entries(summary.resourceTypes)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => `${n} ${type}`);
  return `${summary.resourceCount} resources${types.length ? `: ${types.join(', ')}` : ''}`;
}

function printTable(results: StackResult[]): void {
  const header = ['Stack', 'To add', 'To change', 'To destroy', 'Seconds'];
  const rows = results.map((r) => [
    r.stack.name,
    ...(r.summary ? [r.summary.add, r.summary.change, r.summary.destroy].map(String) : ['FAILED', '', '']),
    r.seconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const homeDir = os.homedir();
  const env = process.env;
  const { mode, reason } = resolvePlanMode(options, env, homeDir);
  const offline = mode === 'offline';

  let environmentsDir: string | undefined;
  if (options.environmentsDir !== undefined) {
    environmentsDir = path.resolve(env.INIT_CWD ?? process.cwd(), options.environmentsDir);
    if (!fs.existsSync(environmentsDir)) throw new PlanError(`--environments: directory not found: ${environmentsDir}`);
  }

  const terraform = await requireTerraform({ env, homeDir, offline });
  if (offline) {
    console.log(`${reason}: planning OFFLINE (local backend, mock credentials; nothing is read from AWS)`);
  } else {
    console.log(`${reason}: planning ONLINE (real backend and AWS APIs)`);
  }
  const source = terraform.mirror ? `provider mirror ${terraform.mirror.path}` : 'the Terraform registry';
  console.log(`Terraform ${terraform.version}; providers from ${source}`);

  await synth(environmentsDir);
  const stacks = selectStacks(readManifest(OUT_DIR), options.names);
  if (stacks.length === 0) throw new PlanError('The app synthesized no stacks: nothing to plan.');

  const cli = prepareTerraformCli({ env, homeDir, configFile: path.join(OUT_DIR, '.terraformrc'), mirror: terraform.mirror, offline });
  const initLock = cli.pluginCacheDir ? mutex() : <T>(fn: () => Promise<T>) => fn();

  console.log(`Planning ${stacks.length} stack${stacks.length > 1 ? 's' : ''} (${Math.min(CONCURRENCY, stacks.length)} at a time)...`);
  const results = await pool(stacks, CONCURRENCY, async (stack) => {
    const r = await planStack(stack, cli, offline, initLock);
    if (r.summary) {
      const s = r.summary;
      console.log(`  ok    ${stack.name}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy (${r.seconds.toFixed(1)}s)`);
      console.log(`        ${describeTypes(s)}`);
    } else {
      console.log(`  FAIL  ${stack.name} (${r.seconds.toFixed(1)}s)`);
    }
    return r;
  });

  printTable(results);
  const failed = results.filter((r) => r.error !== undefined);
  if (failed.length > 0) {
    console.error(`\n${failed.length} of ${results.length} stack${results.length > 1 ? 's' : ''} failed:`);
    for (const r of failed) console.error(`\n[${r.stack.name}] ${r.error}`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`plan: ${e instanceof Error ? e.message : String(e)}`.trimEnd());
    process.exitCode = 1;
  },
);
