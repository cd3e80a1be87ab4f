import type { Usage } from "../../proxy/neutral.ts";
import { anthropicUsageSchema, type AnthropicUsageWire } from "./schemas.ts";
import type { AnthropicUsage } from "./wire-types.ts";

/** Anthropic counts cached and cache-written input apart from input_tokens; neutral input includes them. */
export function fromAnthropicUsage(usage: AnthropicUsageWire): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (usage.input_tokens ?? 0) + cacheRead + cacheWrite,
    outputTokens: usage.output_tokens ?? 0,
    ...(cacheRead ? { cacheReadTokens: cacheRead } : {}),
    ...(cacheWrite ? { cacheWriteTokens: cacheWrite } : {}),
  };
}

/** Usage found in a relayed body or event; undefined when it is not valid Anthropic usage. */
export function readAnthropicUsage(value: unknown): AnthropicUsageWire | undefined {
  const parsed = anthropicUsageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function toAnthropicUsage(usage: Usage): AnthropicUsage {
  return {
    input_tokens: usage.inputTokens - (usage.cacheReadTokens ?? 0) - (usage.cacheWriteTokens ?? 0),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens ?? 0,
    cache_read_input_tokens: usage.cacheReadTokens ?? 0,
  };
}
