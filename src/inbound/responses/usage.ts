import { z } from "zod";
import type { Usage } from "../../proxy/neutral.ts";

const count = z.number().int().nonnegative();
const responsesUsageSchema = z.object({
  input_tokens: count,
  output_tokens: count,
  input_tokens_details: z.object({ cached_tokens: count.nullish() }).nullish(),
  output_tokens_details: z.object({ reasoning_tokens: count.nullish() }).nullish(),
});

/** Usage of a relayed Responses answer; undefined when absent or not valid. */
export function fromResponsesUsage(value: unknown): Usage | undefined {
  const parsed = responsesUsageSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const usage = parsed.data;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    ...(usage.input_tokens_details?.cached_tokens ? { cacheReadTokens: usage.input_tokens_details.cached_tokens } : {}),
    ...(usage.output_tokens_details?.reasoning_tokens ? { reasoningTokens: usage.output_tokens_details.reasoning_tokens } : {}),
  };
}
