import type { ReasoningPart, Request, Response, TextPart, ToolCallPart } from "../../proxy/neutral.ts";
import { providerJson } from "../read-sse-stream.ts";
import { UpstreamProtocolError } from "../types.ts";
import { JSON_TOOL } from "./request.ts";
import { anthropicMessageSchema, type AnthropicBlockWire } from "./schemas.ts";
import { fromAnthropicStopReason } from "./stop-reason.ts";
import { fromAnthropicUsage } from "./usage.ts";

type AnswerPart = TextPart | ToolCallPart | ReasoningPart;

/** One content block as neutral content; blocks nothing else can show (server tools' calls and results) give none. */
export function blockContent(block: AnthropicBlockWire, structured: boolean): AnswerPart[] {
  switch (block.type) {
    case "text":
      return [{ type: "text", text: (block as { text: string }).text }];
    case "thinking": {
      const { thinking, signature } = block as { thinking: string; signature?: string | null };
      return [{ type: "reasoning", text: thinking, ...(signature ? { opaque: { issuer: "anthropic", kind: "signature", data: signature } } : {}) }];
    }
    case "redacted_thinking":
      return [{ type: "reasoning", text: "", opaque: { issuer: "anthropic", kind: "redacted", data: (block as { data: string }).data } }];
    case "tool_use": {
      const use = block as { id: string; name: string; input: unknown };
      const args = JSON.stringify(use.input ?? {});
      if (structured && use.name === JSON_TOOL) return [{ type: "text", text: args }];
      return [{ type: "tool_call", id: use.id, name: use.name, arguments: args }];
    }
    default:
      return [];
  }
}

/** An Anthropic message as a neutral answer; throws when the body is not one. */
export function readAnthropicAnswer(text: string, asked: Request, model: string): Response {
  const json = providerJson(text, "a body");
  const parsed = anthropicMessageSchema.safeParse(json);
  if (!parsed.success) throw new UpstreamProtocolError("answered with a body that is not an Anthropic message");
  const message = parsed.data;
  const structured = asked.responseFormat !== undefined;
  const content = message.content.flatMap((block) => blockContent(block, structured));
  const answeredThroughTool = structured && message.stop_reason === "tool_use" && !content.some((p) => p.type === "tool_call");
  return {
    id: message.id,
    model: message.model ?? model,
    content,
    finishReason: answeredThroughTool ? "stop" : fromAnthropicStopReason(message.stop_reason),
    ...(message.stop_sequence ? { stopSequence: message.stop_sequence } : {}),
    usage: fromAnthropicUsage(message.usage),
  };
}
