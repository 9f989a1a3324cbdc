import { pathToFileURL } from 'node:url';

/** A program and its arguments, to spread into `spawn` / `spawnSync` / `runProcess`. */
export type CommandLine = [command: string, args: string[]];

/**
 * The command line that runs a TypeScript file of the project (`main.ts`, a tool) in a child process: Node with tsx's
 * loader (`node --import tsx`), one process. tsx's own CLI starts Node once more around it (for watch mode and its
 * signal relay, which these non-interactive runs do not use): about 0.35 CPU-seconds more per command, measured on
 * the 2-core CI machine (`tsx empty.ts` 0.9 CPU-s, `node --import tsx empty.ts` 0.55), for the same loader and the
 * same exit code, stdout and stderr. The loader is given by URL so that it resolves from `root`, whatever the
 * child's working directory.
 */
export function typescriptCommand(root: string, script: string, args: readonly string[] = []): CommandLine {
  const loader = pathToFileURL(require.resolve('tsx', { paths: [root] })).href;
  return [process.execPath, ['--import', loader, script, ...args]];
}
