'use strict';
/*
 * Run as `node module-scope-probe.cjs <module>` in a fresh process: requires the module with the network blocked
 * and file access recorded, then reports what its module scope did: whether it loaded, whether it exports a
 * `handler` function, network attempts (blocked: connect and DNS lookups throw), files touched other than the
 * module itself, handles it left open (timers, sockets), and errors it raised later, asynchronously.
 */
const fs = require('fs');
const net = require('net');
const dns = require('dns');
const path = require('path');

const MARKER = 'BENCH_RESULT ';
const entry = path.resolve(process.argv[2]);
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
    const touched = typeof file === 'string' ? path.resolve(file) : String(file);
    // The loader reads the module itself through fs.readFileSync: that one is the require, not module-scope I/O.
    if (touched !== entry) report.files.push(`${name} ${touched}`);
    return original.apply(this, arguments);
  };
}
process.on('unhandledRejection', (reason) => report.asyncErrors.push(String(reason && reason.message ? reason.message : reason)));
process.on('uncaughtException', (error) => report.asyncErrors.push(String(error && error.message ? error.message : error)));

// stdout and stderr open their pipes on first use: open them now so a module that logs is not counted as leaving handles.
void process.stdout;
void process.stderr;
const handlesBefore = process.getActiveResourcesInfo();
try {
  const exported = require(entry);
  report.loaded = true;
  report.handlerType = typeof (exported && exported.handler);
} catch (error) {
  report.error = `${error.name}: ${error.message}`;
}
const handlesAfter = process.getActiveResourcesInfo();
const remaining = [...handlesBefore];
for (const handle of handlesAfter) {
  const i = remaining.indexOf(handle);
  if (i >= 0) remaining.splice(i, 1);
  else report.openHandles.push(handle);
}
// A moment for anything the module scope started asynchronously (a request, a rejected promise) to show itself.
setTimeout(() => {
  process.stdout.write(`\n${MARKER}${JSON.stringify(report)}\n`);
  process.exit(0);
}, 50);
