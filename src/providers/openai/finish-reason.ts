import type { FinishReason } from "../../proxy/neutral.ts";
import type { FinishReason as ChatFinishReason } from "./wire-types.ts";

export function fromChatFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "length":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    case "content_filter":
      return "content_filter";
    default:
      return "stop";
  }
}

export function toChatFinishReason(reason: FinishReason): ChatFinishReason {
  switch (reason) {
    case "stop":
    case "stop_sequence":
    case "pause":
      return "stop";
    case "length":
    case "tool_calls":
    case "content_filter":
      return reason;
    default: {
      const exhaustive: never = reason;
      return exhaustive;
    }
  }
}
