import type { ProviderType } from "../api-types.ts";
import { anthropicAdapter } from "./anthropic/adapter.ts";
import { openaiAdapter } from "./openai/adapter.ts";
import type { ProviderAdapter } from "./types.ts";

/** Each provider type and the adapter that speaks its API. */
export const providers: Record<ProviderType, ProviderAdapter> = {
  openai: openaiAdapter,
  openai_compatible: openaiAdapter,
  anthropic: anthropicAdapter,
};

/** How messages name each provider type. */
export const PROVIDER_NAMES: Record<ProviderType, string> = { openai: "OpenAI", openai_compatible: "OpenAI-compatible", anthropic: "Anthropic" };
