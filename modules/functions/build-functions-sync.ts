import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { inlineSchemaKeys, SDK_SCHEMA_FILE } from './sdk-schema-keys';

/*
 * esbuild runs plugins only in its asynchronous API, and bundleFunction is called while constructs are built, which
 * is synchronous. So the build runs in a worker thread and this thread waits for it (Atomics.wait on a shared flag,
 * then reads the worker's one message synchronously). The worker's code is text: it is what the library runs from
 * source, compiled or not, without a separate file to ship.
 */

/** What one esbuild build gives back: its output files (not written) and esbuild's metafile. */
export interface FunctionBuildResult {
  readonly outputFiles: ReadonlyArray<{ readonly path: string; readonly contents: Uint8Array }>;
  readonly metafile: { readonly inputs: Record<string, unknown>; readonly outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }> };
}

/** A build taking longer than this is reported as failed rather than waited for forever. */
const BUILD_TIMEOUT_MS = 10 * 60_000;

const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { signal, port, esbuildPath, options, filter } = workerData;
const finish = (message) => { port.postMessage(message); Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); };
try {
  const fs = require('fs');
  const esbuild = require(esbuildPath);
  const inlineSchemaKeys = (${inlineSchemaKeys.toString()});
  const plugin = {
    name: 'inline-sdk-schema-keys',
    setup(build) {
      build.onLoad({ filter: new RegExp(filter) }, (args) => ({ contents: inlineSchemaKeys(fs.readFileSync(args.path, 'utf8')), loader: 'js' }));
    },
  };
  Promise.all(options.map((one) => esbuild.build({ ...one, write: false, metafile: true, plugins: [plugin] }))).then(
    (results) => finish({ builds: results.map((result) => ({ outputFiles: result.outputFiles.map((f) => ({ path: f.path, contents: f.contents })), metafile: result.metafile })) }),
    (error) => finish({ error: String((error && error.stack) || error) }),
  );
} catch (error) {
  finish({ error: String((error && error.stack) || error) });
}
`;

/**
 * One esbuild.build per element of `options` (plus write: false and a metafile), side by side in one worker, SDK
 * schema keys inlined (sdk-schema-keys.ts), waited for synchronously; results in the order of `options`.
 */
export function buildFunctionsSync(options: readonly Record<string, unknown>[]): FunctionBuildResult[] {
  let esbuildPath: string;
  try {
    esbuildPath = require.resolve('esbuild');
  } catch (error) {
    throw new Error(`bundleFunction: bundling functions from source needs esbuild installed (${(error as Error).message})`);
  }
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { signal, port: port2, esbuildPath, options, filter: SDK_SCHEMA_FILE.source },
    transferList: [port2],
  });
  try {
    if (Atomics.wait(signal, 0, 0, BUILD_TIMEOUT_MS) === 'timed-out') throw new Error(`bundleFunction: esbuild did not finish within ${BUILD_TIMEOUT_MS / 1000} s`);
    const received = receiveMessageOnPort(port1)?.message as { builds: FunctionBuildResult[] } | { error: string } | undefined;
    if (!received) throw new Error('bundleFunction: the esbuild worker answered nothing');
    if ('error' in received) throw new Error(`bundleFunction: esbuild failed: ${received.error}`);
    return received.builds;
  } finally {
    port1.close();
    void worker.terminate();
  }
}
