import type { Response } from "../../proxy/neutral.ts";
import { providerJson } from "../read-sse-stream.ts";
import { UpstreamProtocolError } from "../types.ts";
import { fromChatFinishReason } from "./finish-reason.ts";
import { chatCompletionSchema } from "./schemas.ts";
import { fromChatUsage } from "./usage.ts";

const NO_USAGE = { inputTokens: 0, outputTokens: 0 };

/** A chat completion (the first choice) as a neutral answer; throws when the body is not one. */
export function readChatAnswer(text: string, model: string): Response {
  const json = providerJson(text, "a body");
  const parsed = chatCompletionSchema.safeParse(json);
  if (!parsed.success) throw new UpstreamProtocolError("answered with a body that is not a chat completion");
  const { message, finish_reason } = parsed.data.choices[0]!;
  const reasoning = message.reasoning_content ?? message.reasoning;
  const text_ = message.content ?? message.refusal;
  return {
    id: parsed.data.id ?? `chatcmpl-${Date.now()}`,
    model: parsed.data.model ?? model,
    content: [
      ...(reasoning ? [{ type: "reasoning" as const, text: reasoning }] : []),
      ...(text_ ? [{ type: "text" as const, text: text_ }] : []),
      ...(message.tool_calls ?? []).map((call) => ({
        type: "tool_call" as const,
        id: call.id,
        name: call.function.name,
        arguments: call.function.arguments ?? "",
      })),
    ],
    finishReason: message.refusal && !message.content ? "content_filter" : fromChatFinishReason(finish_reason),
    usage: fromChatUsage(parsed.data.usage) ?? NO_USAGE,
  };
}
