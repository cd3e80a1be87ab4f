import type { ChatUsage } from "../openai/wire-types.ts";
import type { AnthropicUsage } from "./wire-types.ts";

/** Anthropic counts cached prompt tokens apart; OpenAI's prompt_tokens include them. */
export function toChatUsage(usage: AnthropicUsage): ChatUsage {
  const prompt = (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
