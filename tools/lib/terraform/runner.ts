import * as fs from 'fs';
import * as path from 'path';
import { TerraformError } from './errors';
import { planTextOf } from './plan-text';
import { runProcess, type ProcessResult } from './process';

/** Options shared by the terraform commands. */
export interface TerraformCommandOptions {
  /** Terraform executable; default "terraform" (looked up on env.PATH). */
  terraformBin?: string;
}

/** One terraform diagnostic as printed by `-json` commands. */
export interface TerraformDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number; column: number } };
}

/** Result of {@link terraformValidate}. */
export interface ValidateResult {
  valid: boolean;
  errorCount: number;
  warningCount: number;
  diagnostics: TerraformDiagnostic[];
}

/** What a plan would do, counted like terraform's "Plan: X to add, Y to change, Z to destroy". */
export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  /** Managed resources in planned_values, including nested modules. */
  resourceCount: number;
  /** Managed resources in planned_values per resource type. */
  resourceTypes: Record<string, number>;
  /** The plan as terraform shows it (`terraform show -no-color`; warnings kept), when asked for with `renderText`. */
  text?: string;
}

/** Options of {@link terraformPlan}. */
export interface PlanOptions extends TerraformCommandOptions {
  /** Take the state lock; default false (plans are read-only). */
  lock?: boolean;
  /** Plan file path; default `<dir>/plan.tfplan`. */
  planFile?: string;
  /** Keep the plan file afterwards (e.g. to apply it); default false. */
  keepPlanFile?: boolean;
  /** Input variables (`-var name=value`); an empty value is passed as an empty string. */
  vars?: Readonly<Record<string, string>>;
  /** Also return the human-readable plan (what `terraform show -no-color` prints, from the plan's own output); default false. */
  renderText?: boolean;
  /** Read the real objects first; default true. false compares the configuration with the state as it is (offline). */
  refresh?: boolean;
}

async function terraform(
  dir: string,
  env: NodeJS.ProcessEnv,
  args: string[],
  options: TerraformCommandOptions,
): Promise<ProcessResult> {
  return runProcess(options.terraformBin ?? 'terraform', args, { cwd: dir, env });
}

function fail(command: string, dir: string, result: ProcessResult): never {
  throw new TerraformError(command, dir, result.code, result.stderr || result.stdout);
}

/** Formats diagnostics the way terraform prints them ("Error: summary" + detail + location). */
export function formatDiagnostics(diagnostics: readonly TerraformDiagnostic[]): string {
  return diagnostics
    .map((d) => {
      const where = d.range ? `\n  on ${d.range.filename} line ${d.range.start.line}` : '';
      const detail = d.detail ? `\n  ${d.detail.replace(/\n/g, '\n  ')}` : '';
      return `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}${where}${detail}`;
    })
    .join('\n\n');
}

/**
 * `terraform init` in `dir` (non-interactive; `-reconfigure` so switching between the offline
 * local backend and the real backend never prompts or migrates state).
 */
export async function terraformInit(dir: string, env: NodeJS.ProcessEnv, options: TerraformCommandOptions = {}): Promise<void> {
  const result = await terraform(dir, env, ['init', '-input=false', '-no-color', '-reconfigure'], options);
  if (result.code !== 0) fail('terraform init', dir, result);
}

/** `terraform validate -json` in an initialized `dir`; returns the diagnostics (does not throw on invalid config). */
export async function terraformValidate(dir: string, env: NodeJS.ProcessEnv, options: TerraformCommandOptions = {}): Promise<ValidateResult> {
  const result = await terraform(dir, env, ['validate', '-json', '-no-color'], options);
  let parsed: { valid?: boolean; error_count?: number; warning_count?: number; diagnostics?: TerraformDiagnostic[] };
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    fail('terraform validate', dir, result);
  }
  return {
    valid: parsed.valid === true,
    errorCount: parsed.error_count ?? 0,
    warningCount: parsed.warning_count ?? 0,
    diagnostics: parsed.diagnostics ?? [],
  };
}

interface ShowModule {
  resources?: Array<{ mode?: string; type?: string }>;
  child_modules?: ShowModule[];
}

interface ShowPlan {
  resource_changes?: Array<{ mode?: string; change?: { actions?: string[] } }>;
  planned_values?: { root_module?: ShowModule };
}

/** Summarizes `terraform show -json <planfile>` output (pure). A replace counts as one add and one destroy. */
export function summarizePlan(show: ShowPlan): PlanSummary {
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const rc of show.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const actions = rc.change?.actions ?? [];
    if (actions.includes('create')) add++;
    if (actions.includes('delete')) destroy++;
    if (actions.includes('update')) change++;
  }
  const resourceTypes: Record<string, number> = {};
  let resourceCount = 0;
  const walk = (m: ShowModule | undefined) => {
    if (!m) return;
    for (const r of m.resources ?? []) {
      if (r.mode !== 'managed' || !r.type) continue;
      resourceCount++;
      resourceTypes[r.type] = (resourceTypes[r.type] ?? 0) + 1;
    }
    for (const child of m.child_modules ?? []) walk(child);
  };
  walk(show.planned_values?.root_module);
  return { add, change, destroy, resourceCount, resourceTypes };
}

/** `terraform plan` and the arguments both ways of planning share (read-only unless asked to lock). */
export function planArguments(options: Pick<PlanOptions, 'lock' | 'refresh' | 'vars'>): string[] {
  const args = ['plan', '-input=false', '-no-color', `-lock=${options.lock ?? false}`];
  if (options.refresh === false) args.push('-refresh=false');
  for (const [name, value] of Object.entries(options.vars ?? {})) args.push(`-var=${name}=${value}`);
  return args;
}

/**
 * `terraform plan -out` then `terraform show -json` in an initialized `dir`; returns the counts.
 * Throws {@link TerraformError} with terraform's error output when either fails.
 */
export async function terraformPlan(dir: string, env: NodeJS.ProcessEnv, options: PlanOptions = {}): Promise<PlanSummary> {
  const planFile = path.resolve(dir, options.planFile ?? 'plan.tfplan');
  const args = [...planArguments(options), `-out=${planFile}`];
  try {
    const plan = await terraform(dir, env, args, options);
    if (plan.code !== 0) fail('terraform plan', dir, plan);
    const show = await terraform(dir, env, ['show', '-json', '-no-color', planFile], options);
    if (show.code !== 0) fail('terraform show', dir, show);
    let parsed: ShowPlan;
    try {
      parsed = JSON.parse(show.stdout) as ShowPlan;
    } catch {
      throw new TerraformError('terraform show', dir, show.code, `output is not JSON: ${show.stdout.slice(0, 500)}`);
    }
    const summary = summarizePlan(parsed);
    if (options.renderText) summary.text = planTextOf(plan.stdout);
    return summary;
  } finally {
    if (!options.keepPlanFile) fs.rmSync(planFile, { force: true });
  }
}

/** What a plan changes, from terraform's own `plan -json` stream (no saved plan, no `terraform show`). */
export interface PlanChanges {
  add: number;
  change: number;
  destroy: number;
  /** Resources the plan creates (a replacement included), per resource type. */
  created: Record<string, number>;
  /** Resources the plan moves (a `moved` block): their new address -> their address in the state. */
  moved: Record<string, string>;
}

interface PlanStreamMessage {
  type?: string;
  '@level'?: string;
  changes?: { add?: number; change?: number; remove?: number };
  change?: { action?: string; resource?: { addr?: string; resource_type?: string }; previous_resource?: { addr?: string } };
  diagnostic?: TerraformDiagnostic;
}

/**
 * Summarizes the machine-readable UI stream of `terraform plan -json` (pure): the `change_summary` message gives the
 * counts, each `planned_change` the action on one resource and, for a moved one, its previous address.
 * https://developer.hashicorp.com/terraform/internals/machine-readable-ui
 */
export function summarizePlanStream(stream: string): PlanChanges & { errors: TerraformDiagnostic[] } {
  const result: PlanChanges & { errors: TerraformDiagnostic[] } = { add: 0, change: 0, destroy: 0, created: {}, moved: {}, errors: [] };
  for (const line of stream.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line) as PlanStreamMessage;
    if (message.type === 'change_summary') {
      result.add = message.changes?.add ?? 0;
      result.change = message.changes?.change ?? 0;
      result.destroy = message.changes?.remove ?? 0;
    } else if (message.type === 'planned_change') {
      const { action = '', resource, previous_resource: previous } = message.change ?? {};
      const type = resource?.resource_type ?? '';
      if (['create', 'replace'].includes(action)) result.created[type] = (result.created[type] ?? 0) + 1;
      // A moved resource is reported even when nothing else changes (action "move"), with the address it had.
      if (previous?.addr && resource?.addr && previous.addr !== resource.addr) result.moved[resource.addr] = previous.addr;
    } else if (message.type === 'diagnostic' && message['@level'] === 'error' && message.diagnostic) {
      result.errors.push(message.diagnostic);
    }
  }
  return result;
}

/**
 * `terraform plan -json` in an initialized `dir`: what it would change, read from the plan's own stream. Cheaper than
 * {@link terraformPlan} (one terraform run, so the provider starts once less) when the resources the plan leaves
 * alone need not be counted. Throws {@link TerraformError} with terraform's diagnostics when the plan fails.
 */
export async function terraformPlanChanges(dir: string, env: NodeJS.ProcessEnv, options: Pick<PlanOptions, 'terraformBin' | 'lock' | 'refresh' | 'vars'> = {}): Promise<PlanChanges> {
  const plan = await terraform(dir, env, [...planArguments(options), '-json'], options);
  const { errors, ...changes } = summarizePlanStream(plan.stdout);
  if (plan.code !== 0) throw new TerraformError('terraform plan', dir, plan.code, errors.length > 0 ? formatDiagnostics(errors) : plan.stderr || plan.stdout);
  return changes;
}

/**
 * `terraform apply` of a saved plan in an initialized `dir` (exactly what was planned and shown, nothing else);
 * returns terraform's output. Throws {@link TerraformError} when the apply fails.
 */
export async function terraformApply(dir: string, env: NodeJS.ProcessEnv, planFile: string, options: TerraformCommandOptions = {}): Promise<string> {
  const result = await terraform(dir, env, ['apply', '-input=false', '-no-color', '-auto-approve', path.resolve(dir, planFile)], options);
  if (result.code !== 0) fail('terraform apply', dir, result);
  return result.stdout;
}
