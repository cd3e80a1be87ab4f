import { describe, expect, it } from "vitest";
import { LATENCY_BUCKETS, latencyPercentile } from "../../../src/services/usage/latency-histogram.ts";

const histogram = (counts: Record<number, number>) => Array.from({ length: LATENCY_BUCKETS }, (_, i) => counts[i] ?? 0);

describe("latencyPercentile", () => {
  it("is the upper bound of the bucket holding the percentile", () => {
    // 90 calls in (50, 100] ms and 10 in (1, 2.5] s.
    const counts = histogram({ 2: 90, 6: 10 });
    expect(latencyPercentile(counts, 2_400, 0.5)).toBe(100);
    expect(latencyPercentile(counts, 2_400, 0.9)).toBe(100);
    expect(latencyPercentile(counts, 2_400, 0.95)).toBe(2_400);
  });

  it("never exceeds the slowest call, and is that call above the last bound", () => {
    expect(latencyPercentile(histogram({ 0: 1 }), 7, 0.5)).toBe(7);
    expect(latencyPercentile(histogram({ 13: 2 }), 412_000, 0.95)).toBe(412_000);
  });

  it("is null without calls", () => {
    expect(latencyPercentile(histogram({}), 0, 0.5)).toBeNull();
  });
});
