import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { BUNDLE_RECORD } from '../../modules/functions/function-bundle-cache';
import { maxRssEnvironment, readMaxRssReports } from './max-rss-preload';
import { sampleProcessTree } from './process-tree-sampler';

/*
 * One synthesis by the real app, in a fresh child process, as `npm run plan` runs it (`node <tsx cli> main.ts` with
 * BACKUP_ENVIRONMENTS_DIR and CDKTF_OUTDIR): a fresh process, so nothing a previous size loaded or cached (the
 * function bundles, cdktf's modules) makes a later size look cheaper. The bundles a previous synth left in
 * .build/functions are not reused either (their record is removed first): every measured synth bundles.
 */

export interface MeasuredSynthOptions {
  /** Project root (where main.ts is). */
  readonly root: string;
  readonly environmentsDir: string;
  readonly outDir: string;
  /** Scratch folder for the memory reports. */
  readonly scratchDir: string;
}

export interface MeasuredSynth {
  readonly seconds: number;
  /** Peak RSS of the Node process that ran main.ts (process.resourceUsage().maxRSS at its exit). */
  readonly appPeakBytes: number;
  /**
   * User + system CPU time of that process. Other work on the machine delays the app but does not add to its CPU time,
   * so this is what sizes are compared by on a shared machine.
   */
  readonly appCpuSeconds: number;
  /** Peak RSS (VmHWM) per helper command other than Node, e.g. `esbuild`; undefined without /proc. */
  readonly helperPeakBytes: ReadonlyMap<string, number> | undefined;
}

/** The synthesis failed; the message carries the app's own output. */
export class MeasuredSynthError extends Error {}

function runChild(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; helpers?: Map<string, number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = child.pid === undefined ? undefined : sampleProcessTree(child.pid);
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => {
      sampler?.stop();
      reject(error);
    });
    child.on('close', (code) => resolve({ code, output: Buffer.concat(output).toString('utf8'), helpers: sampler?.stop() }));
  });
}

/** Synthesizes `environmentsDir` into `outDir` (emptied first) and measures wall time and peak memory. */
export async function measuredSynth(options: MeasuredSynthOptions): Promise<MeasuredSynth> {
  fs.rmSync(options.outDir, { recursive: true, force: true });
  fs.rmSync(path.join(options.root, '.build', 'functions', BUNDLE_RECORD), { force: true });
  const tsxCli = require.resolve('tsx/cli', { paths: [options.root] });
  const reportFile = path.join(options.scratchDir, 'max-rss.jsonl');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BACKUP_ENVIRONMENTS_DIR: options.environmentsDir,
    CDKTF_OUTDIR: options.outDir,
    ...maxRssEnvironment(options.scratchDir, reportFile, process.env.NODE_OPTIONS),
  };
  const started = performance.now();
  const result = await runChild(process.execPath, [tsxCli, 'main.ts'], options.root, env);
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== 0) throw new MeasuredSynthError(`synthesis of ${options.environmentsDir} failed (exit ${result.code}):\n${result.output.trim()}`);
  const app = readMaxRssReports(reportFile).find((r) => path.basename(r.script) === 'main.ts');
  if (!app) throw new MeasuredSynthError(`the app did not report its peak memory (no main.ts line in ${reportFile}); is NODE_OPTIONS honoured?`);
  const helpers = result.helpers && new Map([...result.helpers].filter(([command]) => command !== 'node'));
  return { seconds, appPeakBytes: app.maxRssBytes, appCpuSeconds: app.cpuSeconds, helperPeakBytes: helpers };
}
