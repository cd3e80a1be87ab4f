import { calcPrice } from "@pydantic/genai-prices";
import type { ProviderType } from "../api-types.ts";

/** A model's prices as stored on the models row (USD per million tokens; null is unknown). */
export interface StoredPrices {
  inputPricePerMtok: number | null;
  outputPricePerMtok: number | null;
  cachedInputPricePerMtok: number | null;
  priceSource: "catalog" | "admin" | null;
}

export const NO_PRICES: StoredPrices = { inputPricePerMtok: null, outputPricePerMtok: null, cachedInputPricePerMtok: null, priceSource: null };

// The price list's provider for each profile type. An openai_compatible server may be anything (a
// local model, a reseller with its own prices), so its models are never guessed: the admin sets them.
const CATALOG_PROVIDER: Record<ProviderType, string | undefined> = {
  openai: "openai",
  anthropic: "anthropic",
  openai_compatible: undefined,
};

/** A list price, flat or tiered by prompt size: the base tier (the price of prompts below the first tier). */
function basePrice(price: unknown): number | null {
  if (typeof price === "number") return price;
  if (typeof price === "object" && price !== null && typeof (price as { base?: unknown }).base === "number") return (price as { base: number }).base;
  return null;
}

/**
 * The prices `@pydantic/genai-prices` (its data snapshot bundled with this build: nothing is fetched)
 * knows for a model, or no prices when it does not know the model.
 */
export function catalogPrices(providerType: ProviderType, modelName: string): StoredPrices {
  const providerId = CATALOG_PROVIDER[providerType];
  if (!providerId) return NO_PRICES;
  const found = calcPrice({}, modelName, { providerId });
  if (!found) return NO_PRICES;
  const prices = {
    inputPricePerMtok: basePrice(found.model_price.input_mtok),
    outputPricePerMtok: basePrice(found.model_price.output_mtok),
    cachedInputPricePerMtok: basePrice(found.model_price.cache_read_mtok),
  };
  if (prices.inputPricePerMtok === null && prices.outputPricePerMtok === null) return NO_PRICES;
  return { ...prices, priceSource: "catalog" };
}
