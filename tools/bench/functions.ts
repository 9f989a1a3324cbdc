import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FUNCTION_NODE_TARGET } from '../../modules/functions/function-bundle';
import { FUNCTION_LOAD_BUDGET_MS, FUNCTION_ZIP_BUDGET_BYTES } from './function-budget';
import { bundleFunctions, FunctionBundle } from './function-bundles';
import { lambdaDummyEnv } from './lambda-dummy-env';
import { ModuleScopeReport, probeModuleScope, timeImport } from './module-load';
import { median, percentile } from './percentiles';
import type { BenchPart, Cell } from './section';

/*
 * The Lambda functions as deployed: bundle size (zipped, unzipped, loaded at a cold start) and module initialisation
 * time, a proxy for the part of a cold start the function's own code decides: import() of the unzipped entry module
 * in a fresh node process with the function's environment (dummy values), repeated, against importing an empty
 * module; and, since clients are imported on first use, the same with every lazily imported chunk loaded as well.
 */

const FULL_RUNS = 10;
const QUICK_RUNS = 5;
const EMPTY_MODULE = '(empty module)';

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const ms = (value: number) => Math.round(value * 10) / 10;

interface Timed {
  readonly name: string;
  readonly entryPath: string;
  readonly env: Record<string, string>;
  readonly milliseconds: number[];
  /** import() of the entry and then of every other chunk: the most a first invocation adds to the cold start. */
  readonly everyChunkMilliseconds: number[];
}

function moduleScopeFindings(name: string, report: ModuleScopeReport): string[] {
  const findings = [
    ...(report.loaded ? [] : [`throws: ${report.error}`]),
    ...(report.loaded && report.handlerType !== 'function' ? [`exports no handler function (${report.handlerType})`] : []),
    ...report.network.map((n) => `network: ${n}`),
    ...report.files.map((f) => `file: ${f}`),
    ...report.openHandles.map((h) => `leaves a ${h} handle open`),
    ...report.asyncErrors.map((e) => `async error: ${e}`),
    ...(report.printed ? [`prints: ${report.printed.slice(0, 120)}`] : []),
  ];
  return findings.map((f) => `${name} ${f}`);
}

/** Which functions are over the budget (function-budget.ts); load times count only on an idle machine, which the note says. */
function budgetNote(bundles: readonly FunctionBundle[], timed: readonly Timed[], loadAverage: number): string {
  const heavy = bundles.filter((b) => b.zipBytes > FUNCTION_ZIP_BUDGET_BYTES).map((b) => `${b.name} (${Math.round(b.zipBytes / 100) / 10} KB)`);
  const slow = timed.filter((t) => median(t.milliseconds) > FUNCTION_LOAD_BUDGET_MS).map((t) => `${t.name} (${ms(median(t.milliseconds))} ms)`);
  const size = heavy.length === 0 ? `every zip is within ${FUNCTION_ZIP_BUDGET_BYTES / 1000} KB` : `over ${FUNCTION_ZIP_BUDGET_BYTES / 1000} KB zipped: ${heavy.join(', ')}`;
  const load = slow.length === 0 ? `every median import() is within ${FUNCTION_LOAD_BUDGET_MS} ms` : `median import() over ${FUNCTION_LOAD_BUDGET_MS} ms: ${slow.join(', ')}`;
  return `Budget (tools/bench/function-budget.ts): ${size}; ${load}${loadAverage > os.cpus().length ? ` (timed with a 1-minute load average of ${loadAverage} on ${os.cpus().length} cores: times are inflated, measure again on an idle machine)` : ''}.`;
}

function topPackages(bundle: FunctionBundle): string {
  return bundle.packages.slice(0, 3).map((p) => `${p.name} ${kib(p.bytes)} KiB (${Math.round((p.bytes / bundle.unzippedBytes) * 100)} %)`).join(', ');
}

export const benchFunctions: BenchPart = async (options) => {
  const runs = options.quick ? QUICK_RUNS : FULL_RUNS;
  // Timings on a busy machine run long: the load when they start goes into the notes, so a reader can tell.
  const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
  options.log('  bundling lambda-src with bundleFunction (esbuild) ...');
  const bundles = bundleFunctions(path.join(options.root, 'lambda-src'), options.workDir);
  const home = path.join(options.workDir, 'home');
  fs.mkdirSync(home, { recursive: true });
  const emptyModule = path.join(options.workDir, 'function-roots', 'empty', 'index.mjs');
  fs.mkdirSync(path.dirname(emptyModule), { recursive: true });
  fs.writeFileSync(emptyModule, '');

  const timed: Timed[] = [
    { name: EMPTY_MODULE, entryPath: emptyModule, env: lambdaDummyEnv('empty', path.dirname(emptyModule), home), milliseconds: [], everyChunkMilliseconds: [] },
    ...bundles.map((b) => ({ name: b.name, entryPath: b.entryPath, env: lambdaDummyEnv(b.name, path.dirname(b.entryPath), home), milliseconds: [], everyChunkMilliseconds: [] })),
  ];
  const probes = new Map(timed.filter((t) => t.name !== EMPTY_MODULE).map((t) => [t.name, probeModuleScope(t.entryPath, t.env)]));
  // Round robin: a slow moment of the machine spreads over every function instead of landing on one.
  for (let run = 1; run <= runs; run++) {
    options.log(`  import() timing, run ${run}/${runs}`);
    for (const t of timed) {
      t.milliseconds.push(timeImport(t.entryPath, t.env));
      t.everyChunkMilliseconds.push(timeImport(t.entryPath, t.env, true));
    }
  }

  const byName = new Map(bundles.map((b) => [b.name, b]));
  const rows: Cell[][] = timed.map((t) => {
    const bundle = byName.get(t.name);
    const largest = bundle?.packages[0];
    const probe = probes.get(t.name);
    return [
      t.name,
      bundle ? kib(bundle.zipBytes) : '-',
      bundle ? kib(bundle.unzippedBytes) : '-',
      bundle ? kib(bundle.coldStartBytes) : '-',
      ms(median(t.milliseconds)),
      ms(percentile(t.milliseconds, 90)),
      ms(median(t.everyChunkMilliseconds)),
      bundle && largest ? `${largest.name} (${Math.round((largest.bytes / bundle.unzippedBytes) * 100)} %)` : '-',
      probe ? (moduleScopeFindings(t.name, probe).length === 0 ? 'none' : 'see notes') : '-',
    ];
  });

  const findings = [...probes].flatMap(([name, report]) => moduleScopeFindings(name, report));
  const slowest = [...timed].filter((t) => t.name !== EMPTY_MODULE).sort((a, b) => median(b.milliseconds) - median(a.milliseconds))[0];
  const largest = [...bundles].sort((a, b) => b.zipBytes - a.zipBytes)[0];
  const largestPackages = new Set(bundles.map((b) => b.packages[0]?.name));
  const sharedLargest = largestPackages.size === 1 && bundles.length > 1 ? bundles[0].packages[0] : undefined;

  return {
    id: 'functions',
    title: `Lambda function bundles: size and module initialisation (import() in a fresh node, ${runs} runs)`,
    columns: ['function', 'zip KiB', 'unzipped KiB', 'loaded at cold start KiB', 'import median ms', 'import p90 ms', 'every chunk median ms', 'largest package (share of bundle)', 'module-scope I/O'],
    rows,
    notes: [
      `Largest bundle: ${largest.name} (${kib(largest.zipBytes)} KiB zipped); slowest to initialise: ${slowest.name} (median ${ms(median(slowest.milliseconds))} ms, against ${ms(median(timed[0].milliseconds))} ms for an empty module).`,
      findings.length === 0
        ? 'Module scope: every bundle loads with the dummy environment, exports a handler function, makes no network attempt, touches no file, leaves no handle open and prints nothing.'
        : `Module scope findings: ${findings.join('; ')}.`,
      budgetNote(bundles, timed.filter((t) => t.name !== EMPTY_MODULE), loadAverage),
      ...(sharedLargest ? [`Every bundle's largest package is ${sharedLargest.name} (about ${kib(sharedLargest.bytes)} KiB minified), whichever AWS services the function calls: check what the shared code makes esbuild keep.`] : []),
      ...bundles.map((b) => `${b.name}: ${topPackages(b)}.`),
      `Raw import() time of the unzipped entry module (hrtime around import() inside the child), nothing subtracted; the empty module is the loader's own floor. "loaded at cold start": the entry and the chunks it imports statically; each AWS client a resource type or an API needs sits behind import() and is loaded on first use. "every chunk": import() of the entry and then of every other chunk, the most a function's first invocation can add to its cold start (any one invocation loads only its own path's chunks). Measured on Node ${process.version} on this machine (1-minute load average ${loadAverage} on ${os.cpus().length} cores when timing started); Lambda runs ${FUNCTION_NODE_TARGET} on arm64 and adds its runtime bootstrap, so this is a proxy for the function's share of a cold start, not a cold start.`,
      `Bundles from bundleFunction (esbuild, ES modules split into chunks, minified, target ${FUNCTION_NODE_TARGET}); shares from esbuild's metafile (bytes in the minified output by package).`,
    ],
    data: {
      node: process.version,
      lambdaRuntimeTarget: FUNCTION_NODE_TARGET,
      runs,
      loadAverage,
      functions: timed.map((t) => {
        const bundle = byName.get(t.name);
        return {
          name: t.name,
          importMilliseconds: t.milliseconds.map(ms),
          medianMilliseconds: ms(median(t.milliseconds)),
          p90Milliseconds: ms(percentile(t.milliseconds, 90)),
          everyChunkMilliseconds: t.everyChunkMilliseconds.map(ms),
          everyChunkMedianMilliseconds: ms(median(t.everyChunkMilliseconds)),
          ...(bundle ? {
            zipBytes: bundle.zipBytes,
            unzippedBytes: bundle.unzippedBytes,
            coldStartBytes: bundle.coldStartBytes,
            files: bundle.fileCount,
            topPackages: bundle.packages.slice(0, 3),
            topInputs: bundle.topInputs,
            moduleScope: probes.get(t.name),
          } : {}),
        };
      }),
    },
  };
};
