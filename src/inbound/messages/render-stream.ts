import { NO_USAGE, type StreamEvent } from "../../proxy/neutral.ts";
import { toAnthropicToolId } from "../../providers/anthropic/convert-messages.ts";
import { toAnthropicStopReason } from "../../providers/anthropic/stop-reason.ts";
import { toAnthropicUsage } from "../../providers/anthropic/usage.ts";
import type { AnswerContext, StreamRenderer } from "../types.ts";
import { messagesStreamError } from "./errors.ts";

const sse = (type: string, payload: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;

/**
 * Neutral stream events as Anthropic's: message_start, one content_block_start/delta/stop run per block
 * (text, thinking, tool_use with input_json_delta), message_delta with the stop reason and usage, message_stop.
 */
export function createMessagesStreamRenderer({ model }: AnswerContext): StreamRenderer {
  let index = -1;
  const block = (content_block: object) => sse("content_block_start", { index: ++index, content_block });
  const delta = (payload: object) => sse("content_block_delta", { index, delta: payload });

  return {
    event(event: StreamEvent): string {
      switch (event.type) {
        case "start": {
          const id = event.id.startsWith("msg_") ? event.id : `msg_${event.id}`;
          const usage = toAnthropicUsage({ inputTokens: 0, outputTokens: 0, ...event.usage });
          return sse("message_start", {
            message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 0 } },
          });
        }
        case "text_start":
          return block({ type: "text", text: "" });
        case "text_delta":
          return delta({ type: "text_delta", text: event.text });
        case "reasoning_start":
          return block({ type: "thinking", thinking: "", signature: "" });
        case "reasoning_delta":
          return delta({ type: "thinking_delta", thinking: event.text });
        case "reasoning_opaque":
          return event.token.issuer === "anthropic" && event.token.kind === "signature" ? delta({ type: "signature_delta", signature: event.token.data }) : "";
        case "tool_call_start":
          return block({ type: "tool_use", id: toAnthropicToolId(event.id), name: event.name, input: {} });
        case "tool_call_delta":
          return delta({ type: "input_json_delta", partial_json: event.arguments });
        case "block_end":
          return sse("content_block_stop", { index });
        case "finish":
          return (
            sse("message_delta", {
              delta: { stop_reason: toAnthropicStopReason(event.reason), stop_sequence: event.stopSequence ?? null },
              usage: toAnthropicUsage(event.usage ?? NO_USAGE),
            }) + sse("message_stop", {})
          );
        default: {
          const exhaustive: never = event;
          return exhaustive;
        }
      }
    },
    fail: messagesStreamError,
  };
}
