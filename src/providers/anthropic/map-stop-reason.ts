import type { FinishReason } from "../openai/wire-types.ts";
import type { AnthropicStopReason } from "./wire-types.ts";

export function mapStopReason(reason: AnthropicStopReason | null | undefined): FinishReason {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
    case "pause_turn":
      return "stop";
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
