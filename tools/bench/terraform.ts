import * as os from 'os';
import * as path from 'path';
import { prepareTerraformCli, type TerraformCli } from '../lib/terraform/cli-config';
import { requireTerraform, type TerraformInstallation } from '../lib/terraform/require';
import { describeAwsRequest, startAwsRequestCounter, type AwsRequestCounter, type RecordedAwsRequest } from './aws-request-counter';
import { endpointsEnvironment } from './endpoints-override';
import { watchLoadAverage } from './load-average';
import { controlPlan, debugLoggedPlan, type RequestWitnesses } from './request-cross-checks';
import { roundSeconds } from './rounding';
import type { BenchOptions, BenchPart, BenchSection } from './section';
import { allRequests, measureStackTerraform, type StackTerraformTimings } from './stack-terraform-timings';
import { synthesizeSampleStacks, type SampleStack } from './terraform-sample';

/*
 * What Terraform costs per stack (init from the provider mirror, validate, offline plan), and how many AWS API reads
 * an offline plan makes: the target is zero (no data sources, every provider lookup skipped), and it is measured, not
 * assumed, by pointing every AWS endpoint at a local server that counts what it receives.
 */

/** The example --quick plans beside the generated member: the smallest, so both kinds of stack are still checked. */
const QUICK_EXAMPLE = 'dev';

interface Measured {
  readonly stack: SampleStack;
  readonly timings: StackTerraformTimings;
}

/** Terraform and the provider mirror, or an error that says what to install (the offline plan needs both). */
async function requireOfflineTerraform(): Promise<TerraformInstallation> {
  try {
    return await requireTerraform({ env: process.env, homeDir: os.homedir(), offline: true });
  } catch (error) {
    throw new Error(`the terraform benchmark plans offline and cannot run: ${(error as Error).message}`);
  }
}

function cliFor(installation: TerraformInstallation, workDir: string): TerraformCli {
  return prepareTerraformCli({
    env: process.env,
    homeDir: os.homedir(),
    configFile: path.join(workDir, 'terraform', '.terraformrc'),
    mirror: installation.mirror,
    offline: true,
  });
}

const apis = (requests: readonly RecordedAwsRequest[]) => requests.map((r) => `${r.service}.${r.target || r.action || r.path}`);

function row({ stack, timings }: Measured): (string | number)[] {
  const { seconds } = timings;
  return [stack.label, timings.resourceCount, roundSeconds(seconds.init), roundSeconds(seconds.validate), roundSeconds(seconds.plan), roundSeconds(seconds.show), allRequests(timings).length];
}

function readsNote(measured: readonly Measured[]): string {
  const requests = measured.flatMap((m) => allRequests(m.timings).map((r) => `${m.stack.name}: ${describeAwsRequest(r)}`));
  const dataSources = measured.reduce((sum, m) => sum + m.timings.dataSources, 0);
  const verdict = requests.length === 0
    ? 'target 0: met'
    : `target 0: NOT met: ${requests.join('; ')}`;
  return `AWS API reads: ${requests.length} requests in ${measured.length} offline init + validate + plan + show runs (${verdict}). ` +
    `The sampled stacks have ${dataSources} data sources, and the offline override skips every lookup the provider would make (credentials, account ID, metadata, region).`;
}

function endpointsNote(measured: readonly Measured[]): string {
  const services = [...new Set(measured.flatMap((m) => m.timings.endpointServices))].sort();
  const unmapped = [...new Set(measured.flatMap((m) => m.timings.unmappedTypes))].sort();
  return `How requests are counted: a local HTTP server in the benchmark process (tools/bench/aws-request-counter.ts) records method, path, host, X-Amz-Target and the ` +
    'SigV4 service of every request and answers 403 AccessDenied (final, so no SDK retries); every provider alias of each stack sends the services its resource types use ' +
    `(${services.join(', ')}; sts and iam are the provider's own account lookups) there through bench_endpoints_override.tf.json, and AWS_ENDPOINT_URL sends any other service there too` +
    `${unmapped.length > 0 ? ` (resource types without a mapped endpoint, covered by AWS_ENDPOINT_URL only: ${unmapped.join(', ')})` : ''}.`;
}

function witnessNote(kind: 'cross-check' | 'control', stack: SampleStack, witnesses: RequestWitnesses): string {
  const agree = witnesses.counted.length === witnesses.logged.length;
  if (kind === 'cross-check') {
    return `Cross-check: the plan of ${stack.name} again with TF_LOG=DEBUG: ${witnesses.logged.length} "HTTP Request Sent" lines in the provider's log, ` +
      `${witnesses.counted.length} requests at the counter${agree ? '' : ' (they DISAGREE)'}.`;
  }
  return `Control: the same plan of ${stack.name} with skip_requesting_account_id = false sends ${witnesses.counted.length} requests to the counter ` +
    `(${[...new Set(apis(witnesses.counted))].sort().join(', ')}) and the debug log shows ${witnesses.logged.length}${agree ? '' : ' (they DISAGREE)'}: ` +
    'both witnesses see calls when there are some, so the zero above is measured, and the skip_* flags of the offline override are what keep it at zero.';
}

function methodNote(installation: TerraformInstallation, measured: readonly Measured[]): string {
  const resources = measured.reduce((sum, m) => sum + m.timings.resourceCount, 0);
  const planSeconds = measured.reduce((sum, m) => sum + m.timings.seconds.plan, 0);
  const mirror = installation.mirror;
  return `Method: Terraform ${installation.version}, hashicorp/aws ${mirror?.awsVersions.join(', ')} from the filesystem mirror ${mirror?.path} (init links it; nothing is downloaded), ` +
    'the offline override exactly as npm run plan writes it, one stack at a time. Plan s is `terraform plan -out`, show s is `terraform show -json` of that plan ' +
    `(npm run plan runs both and counts resources from the second). Plan time per resource over the sample: ${Math.round((planSeconds / resources) * 1000)} ms.`;
}

function progressLine({ stack, timings }: Measured): string {
  const { seconds } = timings;
  const requests = allRequests(timings);
  return `  terraform: ${stack.label}: ${timings.resourceCount} resources; init ${roundSeconds(seconds.init)} s, validate ${roundSeconds(seconds.validate)} s, ` +
    `plan ${roundSeconds(seconds.plan)} s, show ${roundSeconds(seconds.show)} s; ${requests.length} AWS requests${requests.length ? `: ${requests.map(describeAwsRequest).join('; ')}` : ''}`;
}

/** One stack at a time: parallel plans would share the two cores and inflate each other's times. */
async function measureEach(stacks: readonly SampleStack[], env: NodeJS.ProcessEnv, counter: AwsRequestCounter, log: (line: string) => void): Promise<Measured[]> {
  const measured: Measured[] = [];
  for (const stack of stacks) {
    log(`  terraform: ${stack.label}: init, validate, plan, show ...`);
    const result = { stack, timings: await measureStackTerraform(stack, env, counter) };
    log(progressLine(result));
    measured.push(result);
  }
  return measured;
}

/** The stack with the most resources: the cross-checks run on the plan with the most to do. */
function largest(measured: readonly Measured[]): Measured {
  return measured.reduce((a, b) => (b.timings.resourceCount > a.timings.resourceCount ? b : a));
}

export const benchTerraform: BenchPart = async (options: BenchOptions): Promise<BenchSection> => {
  const installation = await requireOfflineTerraform();
  const load = watchLoadAverage();
  options.log(`  terraform: Terraform ${installation.version}, provider mirror ${installation.mirror?.path}`);
  const sample = await synthesizeSampleStacks(options);
  const stacks = options.quick ? sample.filter((s) => s.generated || s.name === QUICK_EXAMPLE) : sample;
  const cli = cliFor(installation, options.workDir);
  const counter = await startAwsRequestCounter((r) => options.log(`  terraform: AWS request received: ${describeAwsRequest(r)}`));
  try {
    const env = { ...cli.env, ...endpointsEnvironment(counter.url) };
    const measured = await measureEach(stacks, env, counter, options.log);
    const subject = largest(measured).stack;
    options.log(`  terraform: cross-check: ${subject.name} plan with TF_LOG=DEBUG ...`);
    const debug = await debugLoggedPlan(subject, env, counter, path.join(options.workDir, 'terraform'));
    if (debug.exitCode !== 0) throw new Error(`the debug-logged plan of ${subject.name} failed (exit ${debug.exitCode})`);
    options.log(`  terraform: control: ${subject.name} plan with skip_requesting_account_id = false (expected to fail) ...`);
    const control = await controlPlan(subject, env, counter, path.join(options.workDir, 'terraform'));
    if (control.counted.length === 0) throw new Error(`the control plan of ${subject.name} sent no request to the counter: the endpoints do not reach it, so a zero would mean nothing`);
    return {
      id: 'terraform',
      title: 'Terraform per stack (offline), and the AWS API reads a plan makes',
      columns: ['Stack', 'Resources', 'Init s', 'Validate s', 'Plan s', 'Show s', 'AWS requests'],
      rows: measured.map(row),
      notes: [
        readsNote(measured),
        witnessNote('cross-check', subject, debug),
        witnessNote('control', subject, control),
        endpointsNote(measured),
        methodNote(installation, measured),
        ...(options.quick ? [`--quick: ${stacks.length} of the ${sample.length} sample stacks (${stacks.map((s) => s.name).join(', ')}).`] : []),
        load.end(),
      ],
      data: {
        terraform: installation.version,
        mirror: installation.mirror ?? null,
        stacks: measured.map(({ stack, timings }) => ({
          name: stack.name,
          label: stack.label,
          resources: timings.resourceCount,
          add: timings.add,
          seconds: timings.seconds,
          dataSources: timings.dataSources,
          endpointServices: timings.endpointServices,
          requests: timings.requests,
        })),
        crossCheck: { stack: subject.name, counted: debug.counted, logged: debug.logged },
        control: { stack: subject.name, counted: control.counted, logged: control.logged, exitCode: control.exitCode },
      },
    };
  } finally {
    await counter.close();
  }
};
