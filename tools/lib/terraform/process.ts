import { spawn } from 'child_process';

/** Result of a finished subprocess: exit code (null when killed by a signal) and captured output. */
export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options for {@link runProcess}. */
export interface RunProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `command` with `args` (no shell: arguments are passed verbatim) and captures stdout/stderr.
 * Resolves when the process exits, whatever its exit code; rejects only if it cannot be started.
 */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(new Error(e.code === 'ENOENT' ? `cannot run "${command}": not found` : `cannot run "${command}": ${e.message}`));
    });
    child.on('close', (code, signal) => {
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
