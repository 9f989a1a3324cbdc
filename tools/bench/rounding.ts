/** Seconds as the tables show them: two decimals (wall-clock noise on a shared machine is larger than that). */
export function roundSeconds(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

/** A ratio with two decimals. */
export function roundRatio(ratio: number): number {
  return Math.round(ratio * 100) / 100;
}
