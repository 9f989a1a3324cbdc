import { spawnSync } from 'child_process';
import * as path from 'path';

/*
 * Loads a function bundle in a fresh `node` process (scripts in ./child), the way a Lambda cold start first
 * imports the handler's module: to time the load, and once to see what the module scope does.
 */

const CHILD_DIR = path.join(__dirname, 'child');
const MARKER = 'BENCH_RESULT ';

/** What a module's scope did when it was loaded (see child/module-scope-probe.cjs). */
export interface ModuleScopeReport {
  readonly loaded: boolean;
  /** Why the load threw, when it did. */
  readonly error?: string;
  /** `function` when the module exports a handler, as Lambda's `index.handler` needs. */
  readonly handlerType: string;
  /** Network attempts (connect, DNS), all blocked. */
  readonly network: readonly string[];
  /** Files touched besides the module itself. */
  readonly files: readonly string[];
  /** Handles the module scope left open (timers, sockets). */
  readonly openHandles: readonly string[];
  readonly asyncErrors: readonly string[];
  /** What the module scope printed (stdout, then stderr). */
  readonly printed: string;
}

function runChild(script: string, modulePath: string, env: Readonly<Record<string, string>>, args: readonly string[] = []): { result: unknown; printed: string } {
  // A fresh environment: neither this process's NODE_OPTIONS (tsx's loader) nor its AWS settings reach the child.
  const child = spawnSync(process.execPath, [path.join(CHILD_DIR, script), modulePath, ...args], { env: { ...env }, encoding: 'utf8', timeout: 60_000 });
  const lines = (child.stdout ?? '').split('\n');
  const resultLine = lines.find((l) => l.startsWith(MARKER));
  if (child.status !== 0 || !resultLine) {
    throw new Error(`${script} ${modulePath}: exit ${child.status ?? child.signal}; ${(child.stderr || child.stdout || '').trim().slice(0, 500)}`);
  }
  const printed = [...lines.filter((l) => l !== resultLine), child.stderr ?? ''].join('\n').trim();
  return { result: JSON.parse(resultLine.slice(MARKER.length)), printed };
}

/**
 * Milliseconds import() of the module took in a fresh process; with `everyChunk`, import() of the module and then
 * of every other module beside it (every lazily imported chunk, as if each path ran once).
 */
export function timeImport(modulePath: string, env: Readonly<Record<string, string>>, everyChunk = false): number {
  return (runChild('module-timer.cjs', modulePath, env, everyChunk ? ['--every-chunk'] : []).result as { milliseconds: number }).milliseconds;
}

export function probeModuleScope(modulePath: string, env: Readonly<Record<string, string>>): ModuleScopeReport {
  const { result, printed } = runChild('module-scope-probe.cjs', modulePath, env);
  return { ...(result as Omit<ModuleScopeReport, 'printed'>), printed };
}
