import * as fs from 'fs';
import * as path from 'path';

/*
 * The peak memory and CPU time of a Node child process, as Node itself measures them: a script preloaded into the
 * child (through NODE_OPTIONS=--require) appends `process.resourceUsage()`'s maxRSS and CPU times to a file when the
 * process exits. Every Node
 * process of the child's tree reports (tsx's CLI runs the app in a second Node process), each on its own line. This
 * works wherever Node runs, unlike /usr/bin/time, and is exact for each Node process; processes that are not Node
 * (the esbuild service) are measured by process-tree-sampler.ts instead.
 */

/** CommonJS, no dependencies: it runs before tsx or anything else is loaded. */
const PRELOAD_SOURCE = `'use strict';
const fs = require('fs');
const report = process.env.BENCH_MAX_RSS_FILE;
if (report) {
  process.on('exit', () => {
    // maxRSS is in KiB; the script name tells the tsx CLI apart from the app it runs.
    const script = process.argv.slice(1).find((a) => !a.startsWith('-')) || '';
    const usage = process.resourceUsage();
    const cpuMicros = usage.userCPUTime + usage.systemCPUTime;
    fs.appendFileSync(report, JSON.stringify({ pid: process.pid, maxRssKiB: usage.maxRSS, cpuMicros, script }) + '\\n');
  });
}
`;

/** What one Node process reported at exit. */
export interface MaxRssReport {
  readonly pid: number;
  readonly maxRssBytes: number;
  /** User + system CPU time of the whole process (all its threads). */
  readonly cpuSeconds: number;
  /** The script it ran (e.g. `main.ts`, or tsx's `cli.mjs`). */
  readonly script: string;
}

/** Writes the preload into `dir` and returns the environment that makes a child (and its Node children) report to `reportFile`. */
export function maxRssEnvironment(dir: string, reportFile: string, baseNodeOptions: string | undefined): NodeJS.ProcessEnv {
  const preload = path.join(dir, 'report-max-rss.cjs');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(preload, PRELOAD_SOURCE);
  fs.rmSync(reportFile, { force: true });
  // Quoted: NODE_OPTIONS splits on spaces, and the scratch folder may contain some.
  const requirePreload = `--require ${JSON.stringify(preload)}`;
  return { NODE_OPTIONS: baseNodeOptions ? `${baseNodeOptions} ${requirePreload}` : requirePreload, BENCH_MAX_RSS_FILE: reportFile };
}

/** The reports written to `reportFile`, one per Node process that exited; empty when none did. */
export function readMaxRssReports(reportFile: string): MaxRssReport[] {
  if (!fs.existsSync(reportFile)) return [];
  return fs
    .readFileSync(reportFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const { pid, maxRssKiB, cpuMicros, script } = JSON.parse(line) as { pid: number; maxRssKiB: number; cpuMicros: number; script: string };
      return { pid, maxRssBytes: maxRssKiB * 1024, cpuSeconds: cpuMicros / 1e6, script };
    });
}
