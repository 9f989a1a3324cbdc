/*
 * cdktf records where every token was created: a whole stack trace per token (Error.stackTraceLimit lifted), formatted
 * at once. Under jest, source-map-support formats every stack trace and maps each frame through the source maps that
 * cdktf's files carry inline: about a sixth of the CPU of a suite that synthesizes. Those creation stacks appear only
 * in cdktf's own messages about a token it cannot resolve, so they are formatted as V8 formats a stack by default.
 * Errors keep jest's source-mapped stacks. Runs after jest installs source-map-support (setupFilesAfterEnv).
 */
const mapped = Error.prepareStackTrace;

const isError = (target: unknown): boolean => target instanceof Error || Object.prototype.toString.call(target) === '[object Error]';

if (mapped) {
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]) =>
    isError(target) ? mapped(target as Error, frames) : ['creation stack', ...frames.map((frame) => `    at ${frame}`)].join('\n');
}

export {};
