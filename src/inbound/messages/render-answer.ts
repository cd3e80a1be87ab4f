import type { ReasoningPart, Response, ToolCallPart } from "../../proxy/neutral.ts";
import { toAnthropicToolId } from "../../providers/anthropic/convert-messages.ts";
import { toAnthropicStopReason } from "../../providers/anthropic/stop-reason.ts";
import { toAnthropicUsage } from "../../providers/anthropic/usage.ts";
import type { AnthropicContentBlock } from "../../providers/anthropic/wire-types.ts";
import type { AnswerContext } from "../types.ts";

/** A tool call's arguments as Anthropic's `input` object (arguments that are not a JSON object are wrapped). */
export function toolInput(args: string): Record<string, unknown> {
  if (args.trim() === "") return {};
  try {
    const input = JSON.parse(args) as unknown;
    return typeof input === "object" && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : { value: input };
  } catch {
    return { arguments: args };
  }
}

/** Reasoning as a thinking block; only Anthropic's own signature is valid here, so others send an empty one. */
export function thinkingBlock(part: ReasoningPart): AnthropicContentBlock {
  const token = part.opaque?.issuer === "anthropic" ? part.opaque : undefined;
  if (token?.kind === "redacted") return { type: "redacted_thinking", data: token.data };
  return { type: "thinking", thinking: part.text, signature: token?.kind === "signature" ? token.data : "" };
}

export function toolUseBlock(part: ToolCallPart): AnthropicContentBlock {
  return { type: "tool_use", id: toAnthropicToolId(part.id), name: part.name, input: toolInput(part.arguments) };
}

/** A neutral answer as an Anthropic message. */
export function renderMessagesAnswer(answer: Response, { model }: AnswerContext): string {
  const content = answer.content.map((part): AnthropicContentBlock => {
    if (part.type === "text") return { type: "text", text: part.text };
    if (part.type === "reasoning") return thinkingBlock(part);
    return toolUseBlock(part);
  });
  return JSON.stringify({
    id: answer.id.startsWith("msg_") ? answer.id : `msg_${answer.id}`,
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: toAnthropicStopReason(answer.finishReason),
    stop_sequence: answer.stopSequence ?? null,
    usage: toAnthropicUsage(answer.usage),
  });
}
