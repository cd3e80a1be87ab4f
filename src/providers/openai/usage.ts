import type { Usage } from "../../proxy/neutral.ts";
import { chatUsageSchema } from "./schemas.ts";
import type { ChatUsage } from "./wire-types.ts";

/** Chat usage → neutral: prompt_tokens already include cached ones. Undefined when it is not valid usage. */
export function fromChatUsage(value: unknown): Usage | undefined {
  const parsed = chatUsageSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const usage = parsed.data;
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    ...(usage.prompt_tokens_details?.cached_tokens ? { cacheReadTokens: usage.prompt_tokens_details.cached_tokens } : {}),
    ...(usage.completion_tokens_details?.reasoning_tokens ? { reasoningTokens: usage.completion_tokens_details.reasoning_tokens } : {}),
  };
}

export function toChatUsage(usage: Usage): ChatUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    ...(usage.cacheReadTokens ? { prompt_tokens_details: { cached_tokens: usage.cacheReadTokens } } : {}),
    ...(usage.reasoningTokens ? { completion_tokens_details: { reasoning_tokens: usage.reasoningTokens } } : {}),
  };
}
