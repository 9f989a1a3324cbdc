/**
 * `npm run synth:hcl -- [environment...] [--out <dir>] [--no-validate] [--json] [--environments <dir>]`
 *
 * Writes every stack as plain Terraform in native syntax (HCL), a root module per environment that runs with
 * `terraform` alone: versions.tf, providers.tf, variables.tf, main.tf, plus the function zips in assets/. This is
 * the way off cdktf (archived upstream): the output is converted from the synthesized JSON (cdktf's own `--hcl`
 * output is not valid Terraform when a JSON policy holds a reference), formatted with `terraform fmt`, and
 * checked with `terraform validate` unless --no-validate. Needs terraform and the AWS provider (a mirror or the
 * registry) for the provider schema, which tells blocks from attributes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CommandError, parseCommandLine, runCommand } from '../lib/command-line';
import { HclConversionError, stackToHcl } from '../lib/hcl/json-to-hcl';
import { readProviderShapes, type ProviderShapes } from '../lib/hcl/provider-schema';
import { prepareTerraformCli, type TerraformCli } from '../lib/terraform/cli-config';
import { readManifest, selectStacks } from '../lib/terraform/manifest';
import { AWS_PROVIDER } from '../lib/terraform/mirror';
import { runProcess } from '../lib/terraform/process';
import { requireTerraform } from '../lib/terraform/require';
import { formatDiagnostics, terraformValidate } from '../lib/terraform/runner';
import { synthesizeApp } from '../lib/terraform/synth';
import { refuseUnknownEnvironments } from '../lib/environment-names';

const ROOT = path.resolve(__dirname, '..', '..');
/** CDKTF_OUTDIR moves the synthesized output, as it does for cdktf itself. */
const OUT_DIR = path.resolve(process.env.CDKTF_OUTDIR ?? path.join(ROOT, 'cdktf.out'));
const USAGE = 'Usage: npm run synth:hcl -- [environment...] [--out <dir>] [--no-validate] [--json] [--environments <dir>]';

interface StackResult {
  readonly environment: string;
  readonly dir: string;
  readonly files: readonly string[];
  readonly resources: number;
  readonly valid?: boolean;
  readonly error?: string;
}

async function terraform(dir: string, cli: TerraformCli, args: string[]): Promise<void> {
  const result = await runProcess('terraform', args, { cwd: dir, env: cli.env });
  if (result.code !== 0) throw new CommandError(`terraform ${args[0]} failed in ${dir}:\n${result.stderr || result.stdout}`);
}

/** The AWS provider's block shapes, from a scratch root module that only requires the stacks' provider version. */
async function awsShapes(cli: TerraformCli, requiredProviders: unknown): Promise<ProviderShapes> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hcl-schema-'));
  try {
    fs.writeFileSync(path.join(scratch, 'versions.tf.json'), JSON.stringify({ terraform: { required_providers: requiredProviders } }));
    await terraform(scratch, cli, ['init', '-backend=false', '-input=false', '-no-color']);
    return await readProviderShapes(scratch, cli.env, AWS_PROVIDER);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    out: { type: 'string' },
    'no-validate': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    environments: { type: 'string' },
  }, USAGE, { positionals: true });
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const outRoot = path.resolve(cwd, values.out ?? path.join(OUT_DIR, 'hcl'));
  const progress = values.json ? process.stderr : process.stdout;
  const say = (line: string) => progress.write(`${line}\n`);
  const homeDir = os.homedir();

  const environmentsDir = values.environments === undefined ? undefined : path.resolve(cwd, values.environments);
  refuseUnknownEnvironments(positionals, ROOT, environmentsDir);
  const installation = await requireTerraform({ env: process.env, homeDir, offline: true });
  await synthesizeApp({ root: ROOT, outDir: OUT_DIR, environmentsDir, progress });
  const stacks = selectStacks(readManifest(OUT_DIR), positionals);

  const cli = prepareTerraformCli({ env: process.env, homeDir, configFile: path.join(OUT_DIR, '.terraformrc'), mirror: installation.mirror, offline: true });
  const jsonOf = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, never>;
  const first = jsonOf(stacks[0].stackFile) as { terraform?: { required_providers?: unknown } };
  say('Reading the AWS provider schema (terraform providers schema)...');
  const shapes = { aws: await awsShapes(cli, first.terraform?.required_providers) };

  const results: StackResult[] = [];
  for (const [index, stack] of stacks.entries()) {
    const dir = path.join(outRoot, stack.name);
    const counter = `[${index + 1}/${stacks.length}]`;
    try {
      const json = jsonOf(stack.stackFile);
      const files = stackToHcl(json, shapes);
      // Only files this command owns are replaced: a .terraform folder or a lock file the user made stays.
      fs.mkdirSync(dir, { recursive: true });
      for (const old of fs.readdirSync(dir)) if (old.endsWith('.tf') || old === 'assets') fs.rmSync(path.join(dir, old), { recursive: true });
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
      const assets = path.join(stack.dir, 'assets');
      if (fs.existsSync(assets)) fs.cpSync(assets, path.join(dir, 'assets'), { recursive: true });
      await terraform(dir, cli, ['fmt', '-no-color']);
      const resources = Object.values((json as { resource?: Record<string, object> }).resource ?? {}).reduce((n, r) => n + Object.keys(r).length, 0);
      let valid: boolean | undefined;
      if (!values['no-validate']) {
        await terraform(dir, cli, ['init', '-backend=false', '-input=false', '-no-color']);
        const validation = await terraformValidate(dir, cli.env);
        valid = validation.valid;
        if (!valid) throw new CommandError(`terraform validate: ${validation.errorCount} error(s)\n${formatDiagnostics(validation.diagnostics)}`);
      }
      results.push({ environment: stack.name, dir, files: Object.keys(files).sort(), resources, valid });
      say(`  ${counter} ok    ${stack.name}: ${resources} resources in ${Object.keys(files).length} files${valid ? ', valid' : ''} -> ${path.relative(cwd, dir) || dir}`);
    } catch (error) {
      const message = error instanceof HclConversionError || error instanceof CommandError ? error.message : String(error);
      results.push({ environment: stack.name, dir, files: [], resources: 0, error: message });
      say(`  ${counter} FAIL  ${stack.name}: ${message}`);
    }
  }
  const failed = results.filter((r) => r.error !== undefined);
  say(`${results.length - failed.length} of ${results.length} stacks written as HCL under ${path.relative(cwd, outRoot) || outRoot}${values['no-validate'] ? '' : ' and validated'}; ${failed.length} failed.`);
  if (values.json) process.stdout.write(`${JSON.stringify({ version: 1, out: outRoot, stacks: results }, null, 2)}\n`);
  return failed.length > 0 ? 1 : 0;
}

runCommand('synth:hcl', () => main(process.argv.slice(2)));
