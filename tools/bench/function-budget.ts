/*
 * What a function may weigh and take to load (issue 16, "Functions within budget"): the zip as bundleFunction writes it,
 * and the median require() time the functions part of the benchmark measures (module-load.ts). The size is checked by
 * a test (__tests__/lambda-src/bundle-contents.test.ts); the time only by the benchmark, which reports it against the
 * machine's load (no test asserts a speed).
 */

/** 250 KB (decimal kilobytes, as Lambda's console and the issue count them). */
export const FUNCTION_ZIP_BUDGET_BYTES = 250_000;

/** Median require() of the unzipped bundle in a fresh node, on an idle machine. */
export const FUNCTION_LOAD_BUDGET_MS = 100;
