/*
 * How a cost grows with the number of stacks: the marginal cost of one more stack between two measured sizes, and
 * whether that marginal stays the same as the estate grows (linear), falls (better) or rises (worse, e.g. a loop
 * over all stacks done once per stack).
 */

/** One measured size. */
export interface SizePoint {
  readonly stacks: number;
  readonly seconds: number;
  readonly memoryBytes: number;
}

/** The cost of one more stack between two sizes. */
export interface Marginal {
  readonly fromStacks: number;
  readonly toStacks: number;
  readonly secondsPerStack: number;
  readonly bytesPerStack: number;
}

/** Marginal cost between each size and the next (sizes sorted by stacks). */
export function marginals(points: readonly SizePoint[]): Marginal[] {
  const sorted = [...points].sort((a, b) => a.stacks - b.stacks);
  return sorted.slice(1).map((to, i) => {
    const from = sorted[i];
    const added = to.stacks - from.stacks;
    if (added <= 0) throw new Error(`marginals: two sizes with ${to.stacks} stacks`);
    return {
      fromStacks: from.stacks,
      toStacks: to.stacks,
      secondsPerStack: (to.seconds - from.seconds) / added,
      bytesPerStack: (to.memoryBytes - from.memoryBytes) / added,
    };
  });
}

/** Within this band the marginal time per stack counts as unchanged: one run per size on a shared machine is noisy. */
const LINEAR_BAND = 0.15;

export interface GrowthVerdict {
  /** Marginal seconds per stack of the largest interval over that of the smallest; undefined with one interval. */
  readonly ratio?: number;
  readonly kind: 'linear' | 'better than linear' | 'worse than linear' | 'unknown';
}

/** Compares the marginal time per stack of the last interval with the first. */
export function growthVerdict(intervals: readonly Marginal[]): GrowthVerdict {
  if (intervals.length < 2) return { kind: 'unknown' };
  const first = intervals[0].secondsPerStack;
  const last = intervals[intervals.length - 1].secondsPerStack;
  if (first <= 0) return { kind: 'unknown' };
  const ratio = last / first;
  const kind = ratio > 1 + LINEAR_BAND ? 'worse than linear' : ratio < 1 - LINEAR_BAND ? 'better than linear' : 'linear';
  return { ratio, kind };
}
