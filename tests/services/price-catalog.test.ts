import { describe, expect, it } from "vitest";
import { catalogPrices, NO_PRICES } from "../../src/services/price-catalog.ts";

describe("catalogPrices (the bundled @pydantic/genai-prices snapshot, offline)", () => {
  it("knows OpenAI and Anthropic models by provider and name", () => {
    expect(catalogPrices("openai", "gpt-4o")).toEqual({ inputPricePerMtok: 2.5, outputPricePerMtok: 10, cachedInputPricePerMtok: 1.25, priceSource: "catalog" });
    // Tiered prices are taken at their base tier.
    expect(catalogPrices("anthropic", "claude-sonnet-4-5")).toMatchObject({ inputPricePerMtok: 3, outputPricePerMtok: 15, cachedInputPricePerMtok: 0.3, priceSource: "catalog" });
  });

  it("gives no prices for unknown models and never guesses for openai_compatible servers", () => {
    expect(catalogPrices("openai", "my-fine-tune-xyz")).toEqual(NO_PRICES);
    expect(catalogPrices("openai_compatible", "gpt-4o")).toEqual(NO_PRICES);
  });
});
