import type { components } from "../../../generated/switcher.ts";
import type { RollupSum } from "../../db/usage-rollups.ts";
import { costOf, modelKey, type PriceBook } from "./cost.ts";
import { addCounts, latencyPercentile, LATENCY_BUCKETS } from "./latency-histogram.ts";

export type UsageFigures = components["schemas"]["UsageFigures"];

/** Adds rollup sums up into the contract's usage figures, pricing each model's tokens at its current prices. */
export class UsageTally {
  private requests = 0;
  private errors = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private cachedTokens = 0;
  private cost: number | null = 0;
  private readonly latencyCounts: number[] = new Array<number>(LATENCY_BUCKETS).fill(0);
  private latencyMaxMs = 0;

  constructor(private readonly prices: PriceBook) {}

  add(sum: RollupSum): this {
    this.requests += sum.requests;
    this.errors += sum.errors;
    this.inputTokens += sum.inputTokens;
    this.outputTokens += sum.outputTokens;
    this.cachedTokens += sum.cachedTokens;
    const cost = costOf(sum, this.prices.get(modelKey(sum.profileName, sum.modelName)));
    this.cost = this.cost === null || cost === null ? null : this.cost + cost;
    addCounts(this.latencyCounts, sum.latencyCounts);
    this.latencyMaxMs = Math.max(this.latencyMaxMs, sum.latencyMaxMs);
    return this;
  }

  figures(): UsageFigures {
    return {
      requests: this.requests,
      errors: this.errors,
      input_tokens: this.inputTokens,
      output_tokens: this.outputTokens,
      cached_tokens: this.cachedTokens,
      // Rounded to a billionth of a dollar: sums of float products carry noise far below that.
      cost_usd: this.cost === null ? null : Math.round(this.cost * 1e9) / 1e9,
      cost_known: this.cost !== null,
      latency_p50_ms: latencyPercentile(this.latencyCounts, this.latencyMaxMs, 0.5),
      latency_p95_ms: latencyPercentile(this.latencyCounts, this.latencyMaxMs, 0.95),
    };
  }
}

/** One tally per key of the sums. */
export function tallyBy<K>(sums: readonly RollupSum[], keyOf: (sum: RollupSum) => K, prices: PriceBook): Map<K, UsageTally> {
  const tallies = new Map<K, UsageTally>();
  for (const sum of sums) {
    const key = keyOf(sum);
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = new UsageTally(prices)));
    tally.add(sum);
  }
  return tallies;
}
