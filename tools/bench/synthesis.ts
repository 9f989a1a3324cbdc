import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { loadEnvironments } from '../../config/load';
import { growthVerdict, marginals, type Marginal } from './growth';
import { watchLoadAverage } from './load-average';
import { mebibytes } from './machine';
import { measuredSynth, type MeasuredSynth } from './measured-synth';
import { CENTRAL_NAME, writeOrganization } from './organization';
import { roundRatio, roundSeconds } from './rounding';
import type { BenchOptions, BenchPart, BenchSection } from './section';
import { measureSynthOutput, type SynthOutput } from './synth-output';

/*
 * What synthesis costs as the organization grows: generated organizations of 1, 10 and 100 member accounts (plus the
 * central account), each synthesized by the real app in a fresh process. The marginal cost per stack between sizes
 * says whether it grows linearly; the 1-member size is the fixed start-up cost.
 */

const FULL_SIZES = [1, 10, 100] as const;
/** Small enough that `--quick` runs this part in well under a minute. */
const QUICK_SIZES = [1, 3] as const;
/**
 * Runs per size; the one with the least CPU time counts. Other work on a shared machine only ever adds time, so the
 * cheapest run is the closest to the cost of synthesis itself (--quick: one run).
 */
const FULL_RUNS = 2;

interface SizeResult {
  readonly members: number;
  /** In-process validation of the generated files by config/load.ts. */
  readonly loadSeconds: number;
  readonly synth: MeasuredSynth;
  readonly output: SynthOutput;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Generates the organization and validates it with the real loader: a generator bug fails here, not in the app. */
function generateValidOrganization(dir: string, members: number): number {
  writeOrganization(dir, members);
  const started = performance.now();
  const environments = loadEnvironments(dir);
  if (environments.length !== members + 1) throw new Error(`generated ${environments.length} environments for ${members} members (expected ${members + 1})`);
  return (performance.now() - started) / 1000;
}

async function measureSize(options: BenchOptions, members: number, run: string): Promise<SizeResult> {
  const dir = path.join(options.workDir, 'synthesis', `members-${members}-${run}`);
  const environmentsDir = path.join(dir, 'environments');
  const outDir = path.join(dir, 'cdktf.out');
  const loadSeconds = generateValidOrganization(environmentsDir, members);
  const synth = await measuredSynth({ root: options.root, environmentsDir, outDir, scratchDir: dir });
  const output = measureSynthOutput(outDir);
  if (output.stacks !== members + 1) throw new Error(`synthesis of ${members} members wrote ${output.stacks} stacks (expected ${members + 1})`);
  // Output is large (about 3 MiB per stack, mostly function zips); keep the scratch disk small between sizes.
  fs.rmSync(outDir, { recursive: true, force: true });
  return { members, loadSeconds, synth, output };
}

function helperPeak(result: SizeResult, command: string): number | string {
  const bytes = result.synth.helperPeakBytes?.get(command);
  return bytes === undefined ? 'n/a' : mebibytes(bytes);
}

function row(result: SizeResult): (string | number)[] {
  const { synth, output } = result;
  return [
    `${plural(result.members, 'member')} + central`,
    output.stacks,
    output.resources,
    roundSeconds(synth.seconds),
    roundSeconds(synth.appCpuSeconds),
    roundSeconds(synth.appCpuSeconds / output.stacks),
    mebibytes(synth.appPeakBytes),
    helperPeak(result, 'esbuild'),
    mebibytes(output.stackJsonBytes),
    mebibytes(output.totalBytes),
  ];
}

function marginalText(m: Marginal): string {
  return `${roundSeconds(m.secondsPerStack)} s and ${mebibytes(m.bytesPerStack)} MiB per stack (${m.fromStacks} → ${m.toStacks} stacks)`;
}

/**
 * The app's CPU time and peak memory against stacks: what the marginal cost per stack and the verdict are computed
 * from. CPU time, not wall time: on a busy machine the wall time of the small sizes swings by seconds, more than the
 * 1 → 10 interval adds, while the app's own CPU time does not include the time it waited for a core.
 */
function intervalsOf(results: readonly SizeResult[]): Marginal[] {
  return marginals(results.map((r) => ({ stacks: r.output.stacks, seconds: r.synth.appCpuSeconds, memoryBytes: r.synth.appPeakBytes })));
}

function wallIntervalsOf(results: readonly SizeResult[]): Marginal[] {
  return marginals(results.map((r) => ({ stacks: r.output.stacks, seconds: r.synth.seconds, memoryBytes: r.synth.appPeakBytes })));
}

function growthNote(results: readonly SizeResult[]): string {
  const intervals = intervalsOf(results);
  const perStack = results.map((r) => `${roundSeconds(r.synth.appCpuSeconds / r.output.stacks)} s at ${r.output.stacks}`).join(', ');
  const last = intervals[intervals.length - 1];
  const verdict = growthVerdict(intervals);
  const comparison = verdict.ratio === undefined
    ? 'one interval only, so no growth verdict (run without --quick)'
    : `marginal CPU time per stack ${last.fromStacks} → ${last.toStacks} over ${intervals[0].fromStacks} → ${intervals[0].toStacks}: ratio ${roundRatio(verdict.ratio)}, so growth is ${verdict.kind}`;
  const wall = wallIntervalsOf(results).map((m) => `${roundSeconds(m.secondsPerStack)} s (${m.fromStacks} → ${m.toStacks})`).join(', ');
  return `Marginal cost per stack (app CPU time and peak memory): ${intervals.map(marginalText).join('; ')}. CPU time per stack overall: ${perStack} stacks. ` +
    `${comparison[0].toUpperCase()}${comparison.slice(1)}. Marginal wall time per stack, for comparison: ${wall}.`;
}

function notes(results: readonly SizeResult[], method: string): string[] {
  const smallest = results[0];
  const largest = results[results.length - 1];
  const memberStacks = largest.output.stacks - 1;
  const memberResources = largest.output.resources - largest.output.resourcesByStack[CENTRAL_NAME];
  const perMember = (bytes: number) => mebibytes(bytes / largest.output.stacks);
  const esbuild = largest.synth.helperPeakBytes?.get('esbuild');
  return [
    `Fixed start-up cost (${smallest.members} member, ${smallest.output.stacks} stacks): ${roundSeconds(smallest.synth.seconds)} s wall, ${roundSeconds(smallest.synth.appCpuSeconds)} s CPU and ${mebibytes(smallest.synth.appPeakBytes)} MiB: ` +
      'Node and tsx start-up, loading cdktf and the provider bindings, and bundling the seven functions once (esbuild works in its own process: in the wall time, not in the app\'s CPU time).',
    growthNote(results),
    `Each generated member has 3 regions and about ${Math.round(memberResources / memberStacks)} resources (tools/bench/organization.ts, modelled on environments/prod.yaml: ` +
      '3 plans, copies cross-region and to the central account\'s compliance and air-gapped vaults, orchestration with a drill and restore testing, ' +
      'operator/auditor/break-glass/CI roles and the start endpoint); the central account has 3 regions and accepts copies by organization. ' +
      `Each organization is validated by config/load.ts first (${roundSeconds(largest.loadSeconds)} s for ${largest.output.stacks} files).`,
    `Method: ${method} by the real app in a fresh child process (\`node <tsx cli> main.ts\`, BACKUP_ENVIRONMENTS_DIR and CDKTF_OUTDIR in scratch folders), ` +
      'after one unmeasured warm-up synthesis so that every size starts with the same warm file cache; wall time around the child.',
    'App CPU s and App peak MiB: process.resourceUsage() (user + system CPU time, maxRSS) of the Node process running main.ts, reported at its exit by a preload ' +
      '(NODE_OPTIONS=--require, tools/bench/max-rss-preload.ts; its maxRSS equals what /usr/bin/time -f %M reports for the same run). ' +
      'esbuild peak MiB: the kernel high-water mark (VmHWM) of the esbuild service process, sampled from /proc every 100 ms; it bundles the seven functions once per synthesis whatever the size, ' +
      `and /usr/bin/time would miss it (its parent never waits for it).${esbuild === undefined ? '' : ` With it, a ${largest.output.stacks}-stack synthesis needs at most ${mebibytes(largest.synth.appPeakBytes + esbuild)} MiB.`}`,
    `Output per stack at ${largest.output.stacks} stacks: ${perMember(largest.output.totalBytes)} MiB, of which cdk.tf.json is ${perMember(largest.output.stackJsonBytes)} MiB; ` +
      'the rest is the function zips cdktf copies into every stack\'s assets folder (Terraform reads them from beside the stack).',
  ];
}

export const benchSynthesis: BenchPart = async (options): Promise<BenchSection> => {
  const sizes = options.quick ? QUICK_SIZES : FULL_SIZES;
  const load = watchLoadAverage();
  const runs = options.quick ? 1 : FULL_RUNS;
  options.log(`  synthesis: warm-up (${sizes[0]} member, not measured)`);
  await measureSize(options, sizes[0], 'warm-up');
  const results: SizeResult[] = [];
  for (const members of sizes) {
    let cheapest: SizeResult | undefined;
    for (let run = 1; run <= runs; run++) {
      options.log(`  synthesis: ${plural(members, 'member')} + central, run ${run}/${runs} ...`);
      const result = await measureSize(options, members, `run-${run}`);
      options.log(
        `  synthesis: ${plural(members, 'member')} + central: ${result.output.stacks} stacks, ${result.output.resources} resources, ` +
          `${roundSeconds(result.synth.seconds)} s wall, ${roundSeconds(result.synth.appCpuSeconds)} s CPU, app peak ${mebibytes(result.synth.appPeakBytes)} MiB`,
      );
      if (!cheapest || result.synth.appCpuSeconds < cheapest.synth.appCpuSeconds) cheapest = result;
    }
    results.push(cheapest as SizeResult);
  }
  const method = runs === 1 ? 'one synthesis per size' : `the cheapest (least app CPU time) of ${runs} syntheses per size, every figure from that run,`;
  return {
    id: 'synthesis',
    title: 'Synthesis as the organization grows',
    columns: ['Organization', 'Stacks', 'Resources', 'Synth s', 'App CPU s', 'CPU s / stack', 'App peak MiB', 'esbuild peak MiB', 'cdk.tf.json MiB', 'Output MiB'],
    rows: results.map(row),
    notes: [...notes(results, method), load.end()],
    data: {
      sizes: results.map((r) => ({
        members: r.members,
        stacks: r.output.stacks,
        resources: r.output.resources,
        resourcesByStack: r.output.resourcesByStack,
        loadSeconds: r.loadSeconds,
        synthSeconds: r.synth.seconds,
        appCpuSeconds: r.synth.appCpuSeconds,
        appPeakBytes: r.synth.appPeakBytes,
        helperPeakBytes: r.synth.helperPeakBytes ? Object.fromEntries(r.synth.helperPeakBytes) : null,
        stackJsonBytes: r.output.stackJsonBytes,
        outputBytes: r.output.totalBytes,
      })),
      marginals: intervalsOf(results),
      wallMarginals: wallIntervalsOf(results),
      growth: growthVerdict(intervalsOf(results)),
    },
  };
};
