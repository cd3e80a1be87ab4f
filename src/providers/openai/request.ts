import type { ImagePart, Message, Request, TextPart, ToolChoice } from "../../proxy/neutral.ts";
import type { Target } from "../types.ts";
import type { ChatContentPart, ChatMessage, ChatToolChoice } from "./wire-types.ts";

function contentPart(part: TextPart | ImagePart): ChatContentPart {
  if (part.type === "text") return { type: "text", text: part.text };
  const url = part.source.type === "url" ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
  return { type: "image_url", image_url: { url } };
}

/** Plain text when the parts are all text (what every compatible server takes), else content parts. */
function content(parts: Array<TextPart | ImagePart>): string | ChatContentPart[] {
  if (parts.every((p) => p.type === "text")) return parts.map((p) => (p as TextPart).text).join("");
  return parts.map(contentPart);
}

function toChatMessages(message: Message): ChatMessage[] {
  switch (message.role) {
    case "system":
      return [{ role: "system", content: message.content.map((p) => (p.type === "text" ? p.text : "")).join("\n") }];
    case "user": {
      const parts = message.content.filter((p): p is TextPart | ImagePart => p.type === "text" || p.type === "image");
      return parts.length > 0 ? [{ role: "user", content: content(parts) }] : [];
    }
    case "assistant": {
      const text = message.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
      const calls = message.content.flatMap((p) =>
        p.type === "tool_call" ? [{ id: p.id, type: "function" as const, function: { name: p.name, arguments: p.arguments } }] : [],
      );
      return [{ role: "assistant", content: text === "" && calls.length > 0 ? null : text, ...(calls.length > 0 ? { tool_calls: calls } : {}) }];
    }
    case "tool": {
      // A tool message holds text only: images a tool returned follow it in a user message.
      const out: ChatMessage[] = [];
      const images: ImagePart[] = [];
      for (const part of message.content) {
        if (part.type !== "tool_result") continue;
        const text = part.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
        images.push(...part.content.filter((p): p is ImagePart => p.type === "image"));
        out.push({ role: "tool", tool_call_id: part.callId, content: part.isError ? `[tool error] ${text}` : text });
      }
      if (images.length > 0) out.push({ role: "user", content: images.map(contentPart) });
      return out;
    }
    default: {
      const exhaustive: never = message.role;
      return exhaustive;
    }
  }
}

/** A thinking budget (Anthropic's way of asking) as an effort (OpenAI's): the README's table. */
function effortOf(reasoning: Request["reasoning"]): string | undefined {
  if (!reasoning) return undefined;
  if (reasoning.effort) return reasoning.effort;
  if (reasoning.budgetTokens === undefined) return undefined;
  return reasoning.budgetTokens < 4096 ? "low" : reasoning.budgetTokens < 16_384 ? "medium" : "high";
}

function toolChoice(choice: ToolChoice): ChatToolChoice {
  return choice.type === "tool" ? { type: "function", function: { name: choice.name } } : choice.type;
}

/**
 * A neutral request as a chat-completions body. OpenAI itself takes `max_completion_tokens` (its
 * reasoning models refuse `max_tokens`); compatible servers are sent `max_tokens`, which all of them know.
 */
export function toChatRequest(request: Request, target: Target): Record<string, unknown> {
  const limit = request.maxOutputTokens ?? target.maxTokens ?? undefined;
  const format = request.responseFormat;
  const effort = effortOf(request.reasoning);
  return {
    model: target.modelName,
    messages: request.messages.flatMap(toChatMessages),
    ...(request.tools.length > 0
      ? {
          tools: request.tools.map((t) => ({
            type: "function",
            function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters, ...(t.strict !== undefined ? { strict: t.strict } : {}) },
          })),
          ...(request.toolChoice ? { tool_choice: toolChoice(request.toolChoice) } : {}),
          ...(request.parallelToolCalls === false ? { parallel_tool_calls: false } : {}),
        }
      : {}),
    ...(limit !== undefined ? { [target.providerType === "openai" ? "max_completion_tokens" : "max_tokens"]: limit } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { top_p: request.topP } : {}),
    ...(request.stop ? { stop: request.stop } : {}),
    ...(effort ? { reasoning_effort: effort } : {}),
    ...(format?.type === "json_object" ? { response_format: { type: "json_object" } } : {}),
    ...(format?.type === "json_schema"
      ? {
          response_format: {
            type: "json_schema",
            json_schema: { name: format.name, schema: format.schema, ...(format.description ? { description: format.description } : {}), ...(format.strict !== undefined ? { strict: format.strict } : {}) },
          },
        }
      : {}),
    // OpenAI takes end-user ids of at most 64 characters; Claude Code sends a JSON document there.
    ...(request.user && request.user.length <= 64 ? { user: request.user } : {}),
    // Usage is only sent in a stream when asked for, and the audit needs it.
    ...(request.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}
