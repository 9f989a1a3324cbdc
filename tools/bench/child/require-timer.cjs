'use strict';
/*
 * Run as `node require-timer.cjs <module>` in a fresh process: times require() of the module, i.e. its load and
 * module-scope initialisation, the part of a Lambda cold start the function's own code decides. Prints one marked
 * JSON line and exits at once, so nothing the module leaves behind (a timer, a socket) can hold the process.
 */
const MARKER = 'BENCH_RESULT ';
const entry = process.argv[2];
const start = process.hrtime.bigint();
require(entry);
const nanoseconds = process.hrtime.bigint() - start;
process.stdout.write(`\n${MARKER}${JSON.stringify({ milliseconds: Number(nanoseconds) / 1e6 })}\n`);
process.exit(0);
