import * as fs from 'fs';

/*
 * Peak memory of every process under a child, by command name, from Linux's /proc: each process's VmHWM is the
 * kernel's own high-water mark of its resident set, so sampling only has to catch a process before it exits, not at
 * its peak. This sees helpers that neither /usr/bin/time nor an in-process report can: the esbuild service the app
 * starts is never waited for by its parent, so its usage is not added to the parent's.
 */

export interface ProcessTreeSampler {
  /** Stops sampling; returns the highest VmHWM seen per command name (`node`, `esbuild`), in bytes. */
  stop(): Map<string, number>;
}

const PROC = '/proc';

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process exited between listing and reading
  }
}

/** Parent of each live process (field 4 of /proc/<pid>/stat, after the parenthesized command name). */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync(PROC)) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrUndefined(`${PROC}/${entry}/stat`);
    const afterName = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (afterName) parents.set(Number(entry), Number(afterName[1]));
  }
  return parents;
}

function descendantsOf(root: number, parents: Map<number, number>): number[] {
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!found.has(pid) && found.has(parent)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found];
}

function highWaterMark(pid: number): { command: string; bytes: number } | undefined {
  const status = readOrUndefined(`${PROC}/${pid}/status`);
  const hwm = status && /^VmHWM:\s+(\d+) kB/m.exec(status);
  const command = status && /^Name:\s+(.+)$/m.exec(status);
  return hwm && command ? { command: command[1].trim(), bytes: Number(hwm[1]) * 1024 } : undefined;
}

/**
 * Samples `rootPid` and its descendants every `intervalMs` (a /proc scan costs about 1.5 ms, so 100 ms leaves the
 * measured child its cores). Undefined where there is no /proc (macOS, Windows): callers report the helper as unmeasured.
 */
export function sampleProcessTree(rootPid: number, intervalMs = 100): ProcessTreeSampler | undefined {
  if (!fs.existsSync(`${PROC}/self/status`)) return undefined;
  const peaks = new Map<string, number>();
  const sample = () => {
    for (const pid of descendantsOf(rootPid, parentsByPid())) {
      const mark = highWaterMark(pid);
      if (mark && mark.bytes > (peaks.get(mark.command) ?? 0)) peaks.set(mark.command, mark.bytes);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peaks;
    },
  };
}
