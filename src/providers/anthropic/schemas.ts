// What an Anthropic provider must send, checked before anything is translated from it.
import { z } from "zod";

const count = z.number().int().nonnegative();

export const anthropicUsageSchema = z.object({
  input_tokens: count.nullish(),
  output_tokens: count.nullish(),
  cache_creation_input_tokens: count.nullish(),
  cache_read_input_tokens: count.nullish(),
});

/** Content blocks we translate; any other type (server tool calls and results, …) is let through to be dropped. */
export const anthropicBlockSchema = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("thinking"), thinking: z.string(), signature: z.string().nullish() }),
  z.object({ type: z.literal("redacted_thinking"), data: z.string() }),
  z.object({ type: z.literal("tool_use"), id: z.string(), name: z.string(), input: z.unknown() }),
  z.object({ type: z.string().refine((t) => !["text", "thinking", "redacted_thinking", "tool_use"].includes(t)) }),
]);

export const anthropicMessageSchema = z.object({
  id: z.string(),
  type: z.literal("message"),
  model: z.string().optional(),
  content: z.array(anthropicBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema,
});

export const anthropicEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("message_start"),
    message: z.object({ id: z.string(), model: z.string().optional(), usage: anthropicUsageSchema.nullish() }),
  }),
  z.object({ type: z.literal("content_block_start"), index: count, content_block: anthropicBlockSchema }),
  z.object({
    type: z.literal("content_block_delta"),
    index: count,
    delta: z.union([
      z.object({ type: z.literal("text_delta"), text: z.string() }),
      z.object({ type: z.literal("input_json_delta"), partial_json: z.string() }),
      z.object({ type: z.literal("thinking_delta"), thinking: z.string() }),
      z.object({ type: z.literal("signature_delta"), signature: z.string() }),
      z.object({ type: z.string().refine((t) => !["text_delta", "input_json_delta", "thinking_delta", "signature_delta"].includes(t)) }),
    ]),
  }),
  z.object({ type: z.literal("content_block_stop"), index: count }),
  z.object({
    type: z.literal("message_delta"),
    delta: z.object({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: anthropicUsageSchema.nullish(),
  }),
  z.object({ type: z.literal("message_stop") }),
  z.object({ type: z.literal("ping") }),
  z.object({ type: z.literal("error"), error: z.object({ type: z.string(), message: z.string() }) }),
]);

export type AnthropicUsageWire = z.infer<typeof anthropicUsageSchema>;
export type AnthropicBlockWire = z.infer<typeof anthropicBlockSchema>;
export type AnthropicEventWire = z.infer<typeof anthropicEventSchema>;
