import { describe, expect, it } from "vitest";
import { costOf } from "../../../src/services/usage/cost.ts";

const tokens = { inputTokens: 1_000_000, outputTokens: 200_000, cachedTokens: 400_000 };

describe("costOf", () => {
  it("prices non-cached input, cached input and output each at its own price", () => {
    expect(costOf(tokens, { input: 3, output: 15, cachedInput: 0.3 })).toBeCloseTo(0.6 * 3 + 0.4 * 0.3 + 0.2 * 15, 12);
  });

  it("prices cached input at the input price when no cached price is known", () => {
    expect(costOf(tokens, { input: 3, output: 15, cachedInput: null })).toBeCloseTo(1 * 3 + 0.2 * 15, 12);
  });

  it("is unknown (null), never 0, when a price the tokens need is missing", () => {
    expect(costOf(tokens, { input: 3, output: null, cachedInput: 0.3 })).toBeNull();
    expect(costOf(tokens, undefined)).toBeNull();
  });

  it("needs no price for tokens that were not used", () => {
    expect(costOf({ inputTokens: 0, outputTokens: 0, cachedTokens: 0 }, undefined)).toBe(0);
    expect(costOf({ inputTokens: 10, outputTokens: 0, cachedTokens: 0 }, { input: 1, output: null, cachedInput: null })).toBeCloseTo(0.00001, 12);
  });
});
