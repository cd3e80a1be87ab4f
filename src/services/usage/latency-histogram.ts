/**
 * Upper bounds (ms, inclusive) of the latency histogram each usage rollup row keeps; one more bucket
 * counts calls above the last bound. The migration's usage_latency_bucket() holds the same list.
 */
export const LATENCY_BOUNDS_MS = [25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000] as const;
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/**
 * The latency at percentile `p` (0..1) of a histogram: the upper bound of the bucket holding the
 * p-th call, so it overstates by at most one bucket's width; in the overflow bucket, the slowest call
 * seen (`maxMs`). Null when the histogram is empty.
 */
export function latencyPercentile(counts: readonly number[], maxMs: number, p: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [i, n] of counts.entries()) {
    seen += n;
    if (seen >= rank) return Math.min(LATENCY_BOUNDS_MS[i] ?? maxMs, maxMs);
  }
  return maxMs;
}

/** Adds histogram `b` into `a`. */
export function addCounts(a: number[], b: readonly number[]): void {
  for (const [i, n] of b.entries()) a[i] = (a[i] ?? 0) + n;
}
