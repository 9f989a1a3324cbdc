'use strict';
/*
 * Run as `node module-timer.cjs <entry.mjs> [--every-chunk]` in a fresh process: times import() of the function's
 * entry module, i.e. its load and module-scope initialisation, the part of a Lambda cold start the function's own
 * code decides (Lambda's runtime loads an .mjs handler with import()). With --every-chunk it then imports every other
 * module beside the entry as well, as if each lazily imported path ran once: the most a first invocation can add.
 * Prints one marked JSON line and exits at once, so nothing the module leaves behind can hold the process.
 */
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const MARKER = 'BENCH_RESULT ';
const entry = path.resolve(process.argv[2]);
const everyChunk = process.argv.includes('--every-chunk');

async function main() {
  const start = process.hrtime.bigint();
  await import(pathToFileURL(entry).href);
  if (everyChunk) {
    const others = fs.readdirSync(path.dirname(entry), { recursive: true }).filter((f) => String(f).endsWith('.mjs')).map((f) => path.join(path.dirname(entry), String(f)));
    for (const file of others.filter((f) => f !== entry).sort()) await import(pathToFileURL(file).href);
  }
  const nanoseconds = process.hrtime.bigint() - start;
  process.stdout.write(`\n${MARKER}${JSON.stringify({ milliseconds: Number(nanoseconds) / 1e6 })}\n`);
  process.exit(0);
}
main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
