'use strict';
/*
 * Run as `node module-scope-probe.cjs <module>` in a fresh process: loads the module (import(), as Lambda loads an
 * .mjs handler; a .js module is CommonJS) with the network blocked and file access recorded, then reports what its
 * module scope did: whether it loaded, whether it exports a `handler` function, network attempts (blocked: connect
 * and DNS lookups throw), files touched other than the bundle's own (the module and the chunks beside it), handles it
 * left open (timers, sockets), and errors it raised later, asynchronously.
 */
const fs = require('fs');
const net = require('net');
const dns = require('dns');
const path = require('path');

const MARKER = 'BENCH_RESULT ';
const entry = path.resolve(process.argv[2]);
const bundleRoot = path.dirname(entry) + path.sep;
const { fileURLToPath, pathToFileURL } = require('url');
const report = { loaded: false, handlerType: 'undefined', network: [], files: [], openHandles: [], asyncErrors: [] };

function blocked(what) {
  return function () {
    report.network.push(`${what} ${JSON.stringify([...arguments].filter((a) => typeof a !== 'function')).slice(0, 200)}`);
    throw new Error(`module-scope-probe: network blocked (${what})`);
  };
}
net.Socket.prototype.connect = blocked('connect');
dns.lookup = blocked('dns.lookup');
dns.resolve = blocked('dns.resolve');
dns.promises.lookup = blocked('dns.promises.lookup');

for (const name of ['readFileSync', 'readFile', 'openSync', 'open', 'statSync', 'stat', 'existsSync', 'readdirSync', 'readdir',
  'createReadStream', 'writeFileSync', 'writeFile', 'appendFileSync', 'mkdirSync', 'accessSync', 'access']) {
  const original = fs[name];
  fs[name] = function (file) {
    // The ES module loader reads a CommonJS module through a file: URL.
    const asPath = file instanceof URL || (typeof file === 'string' && file.startsWith('file:')) ? fileURLToPath(file) : file;
    const touched = typeof asPath === 'string' ? path.resolve(asPath) : String(asPath);
    // The loader reads the module and its chunks itself: that is the load, not module-scope I/O.
    if (touched !== entry && !(touched.startsWith(bundleRoot) && /\.(mjs|js)$/.test(touched))) report.files.push(`${name} ${touched}`);
    return original.apply(this, arguments);
  };
}
process.on('unhandledRejection', (reason) => report.asyncErrors.push(String(reason && reason.message ? reason.message : reason)));
process.on('uncaughtException', (error) => report.asyncErrors.push(String(error && error.message ? error.message : error)));

// stdout and stderr open their pipes on first use: open them now so a module that logs is not counted as leaving handles.
// So does stdin, which Node's ES module loader reads (with every other property of `process`) when a module imports
// the `process` builtin: the loader's doing, not the module's.
void process.stdout;
void process.stderr;
void process.stdin;
const handlesBefore = process.getActiveResourcesInfo();
import(pathToFileURL(entry).href).then(
  (exported) => {
    report.loaded = true;
    report.handlerType = typeof (exported && exported.handler);
  },
  (error) => {
    report.error = `${error.name}: ${error.message}`;
  },
).then(() => {
  // A moment for anything the module scope started asynchronously (a request, a rejected promise) to show itself,
  // and for the loader's own file reads to close (an ES module is read asynchronously: its CloseReq is not the module's).
  setTimeout(() => setImmediate(() => {
    const handlesAfter = process.getActiveResourcesInfo();
    const remaining = [...handlesBefore];
    for (const handle of handlesAfter) {
      const i = remaining.indexOf(handle);
      if (i >= 0) remaining.splice(i, 1);
      else report.openHandles.push(handle);
    }
    process.stdout.write(`\n${MARKER}${JSON.stringify(report)}\n`);
    process.exit(0);
  }), 50);
});
