import type { ChatCompletion, ChatToolCall } from "../openai/wire-types.ts";
import { mapStopReason } from "./map-stop-reason.ts";
import { toChatUsage } from "./usage.ts";
import type { AnthropicResponse } from "./wire-types.ts";

/** Whether a parsed body is an Anthropic message (what a 200 from /v1/messages promises). */
export function isAnthropicResponse(body: unknown): body is AnthropicResponse {
  const b = body as AnthropicResponse | null;
  return typeof b === "object" && b !== null && b.type === "message" && Array.isArray(b.content) && typeof b.usage === "object";
}

/** An Anthropic message as an OpenAI chat completion: text joined, tool_use blocks as tool_calls. */
export function fromAnthropicResponse(response: AnthropicResponse, model: string, created: number): ChatCompletion {
  const texts: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const block of response.content) {
    if (block.type === "text") texts.push((block as { text: string }).text);
    if (block.type === "tool_use") {
      const use = block as { id: string; name: string; input: unknown };
      toolCalls.push({ id: use.id, type: "function", function: { name: use.name, arguments: JSON.stringify(use.input ?? {}) } });
    }
  }
  return {
    id: response.id,
    object: "chat.completion",
    created,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: texts.length > 0 ? texts.join("") : null,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: mapStopReason(response.stop_reason),
        logprobs: null,
      },
    ],
    usage: toChatUsage(response.usage),
  };
}
