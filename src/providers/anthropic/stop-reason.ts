import type { FinishReason } from "../../proxy/neutral.ts";
import type { AnthropicStopReason } from "./wire-types.ts";

export function fromAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "stop_sequence":
      return "stop_sequence";
    case "pause_turn":
      return "pause";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}

export function toAnthropicStopReason(reason: FinishReason): AnthropicStopReason {
  switch (reason) {
    case "stop":
      return "end_turn";
    case "stop_sequence":
      return "stop_sequence";
    case "pause":
      return "pause_turn";
    case "length":
      return "max_tokens";
    case "tool_calls":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default: {
      const exhaustive: never = reason;
      return exhaustive;
    }
  }
}
