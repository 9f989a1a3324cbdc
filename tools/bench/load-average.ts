import * as os from 'os';

/*
 * Wall-clock timings are only as good as the machine was quiet. The one-minute load average before and after a part
 * tells the reader whether other work competed for the cores while it was measured.
 */

export interface LoadWindow {
  /** Ends the window; returns the sentence for the notes. */
  end(): string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function watchLoadAverage(): LoadWindow {
  const before = os.loadavg()[0];
  return {
    end: () => {
      const after = os.loadavg()[0];
      const cores = os.cpus().length;
      const busy = Math.max(before, after) > cores + 0.5;
      return `Machine load (1-minute average, ${cores} cores) before and after this part: ${round1(before)} and ${round1(after)}` +
        (busy ? ': other work competed for the cores, so the times are inflated; compare sizes within this run, not with other runs.' : '.');
    },
  };
}
