import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { TerraformError } from '../lib/terraform/errors';
import { writeOfflineOverride } from '../lib/terraform/offline-override';
import { runProcess, type ProcessResult } from '../lib/terraform/process';
import { formatDiagnostics, planArguments, summarizePlan, terraformInit, terraformValidate } from '../lib/terraform/runner';
import type { AwsRequestCounter, RecordedAwsRequest } from './aws-request-counter';
import { writeEndpointsOverride } from './endpoints-override';
import type { SampleStack } from './terraform-sample';

/*
 * One stack through Terraform as `npm run plan` takes it offline (init from the mirror, then plan against the offline
 * override), plus validate, each timed on its own, with the AWS requests each step sent to the counter.
 */

const PHASES = ['init', 'validate', 'plan', 'show'] as const;
export type Phase = (typeof PHASES)[number];

export interface StackTerraformTimings {
  readonly seconds: Readonly<Record<Phase, number>>;
  /** Managed resources in the plan's planned values, as `npm run plan` counts them. */
  readonly resourceCount: number;
  readonly add: number;
  /** Requests the counter received during each phase. */
  readonly requests: Readonly<Record<Phase, readonly RecordedAwsRequest[]>>;
  /** Endpoint keys pointed at the counter, and resource types none of them covers (left to AWS_ENDPOINT_URL). */
  readonly endpointServices: readonly string[];
  readonly unmappedTypes: readonly string[];
  /** Data sources in the synthesized stack: each would be read from AWS at plan time. */
  readonly dataSources: number;
}

/** The plan file, in the stack folder like `npm run plan`'s. */
export const PLAN_FILE = 'plan.tfplan';

/** `terraform plan` exactly as tools/lib/terraform/runner.ts's terraformPlan runs it (read-only, no lock). */
export function terraformPlanOnly(dir: string, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return runProcess('terraform', [...planArguments({}), `-out=${path.join(dir, PLAN_FILE)}`], { cwd: dir, env });
}

/** Writes the offline override (as `npm run plan` does) and the endpoints override beside the stack. */
export function prepareOfflineStack(stack: SampleStack, counterUrl: string): { services: string[]; unmappedTypes: string[] } {
  writeOfflineOverride(stack.dir, path.basename(stack.stackFile));
  const { services, unmappedTypes } = writeEndpointsOverride(stack.dir, counterUrl);
  return { services, unmappedTypes };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - started) / 1000 };
}

function dataSourcesOf(stackFile: string): number {
  const stack = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as { data?: Record<string, Record<string, unknown>> };
  return Object.values(stack.data ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

/** Measures the stack (prepared by {@link prepareOfflineStack}); throws TerraformError when a step fails. */
export async function measureStackTerraform(stack: SampleStack, env: NodeJS.ProcessEnv, counter: AwsRequestCounter): Promise<StackTerraformTimings> {
  const { services, unmappedTypes } = prepareOfflineStack(stack, counter.url);
  const requests = {} as Record<Phase, readonly RecordedAwsRequest[]>;
  const seconds = {} as Record<Phase, number>;
  const step = async <T>(phase: Phase, fn: () => Promise<T>): Promise<T> => {
    const mark = counter.mark();
    const { value, seconds: took } = await timed(fn);
    seconds[phase] = took;
    requests[phase] = counter.since(mark);
    return value;
  };
  await step('init', () => terraformInit(stack.dir, env));
  const validation = await step('validate', () => terraformValidate(stack.dir, env));
  if (!validation.valid) throw new TerraformError('terraform validate', stack.dir, 1, formatDiagnostics(validation.diagnostics));
  const plan = await step('plan', () => terraformPlanOnly(stack.dir, env));
  if (plan.code !== 0) throw new TerraformError('terraform plan', stack.dir, plan.code, plan.stderr || plan.stdout);
  const show = await step('show', () => runProcess('terraform', ['show', '-json', '-no-color', PLAN_FILE], { cwd: stack.dir, env }));
  if (show.code !== 0) throw new TerraformError('terraform show', stack.dir, show.code, show.stderr || show.stdout);
  const summary = summarizePlan(JSON.parse(show.stdout));
  return {
    seconds,
    resourceCount: summary.resourceCount,
    add: summary.add,
    requests,
    endpointServices: services,
    unmappedTypes,
    dataSources: dataSourcesOf(stack.stackFile),
  };
}

/** Every request of every phase, in order. */
export function allRequests(timings: StackTerraformTimings): RecordedAwsRequest[] {
  return PHASES.flatMap((phase) => timings.requests[phase]);
}
