import { badRequest } from "../../errors.ts";
import type { ChatContentPart, ChatMessage, ChatToolCall } from "../openai/wire-types.ts";
import type { AnthropicContentBlock, AnthropicImageBlock, AnthropicMessage, AnthropicTextBlock } from "./wire-types.ts";

/** Anthropic accepts tool ids matching ^[a-zA-Z0-9_-]+$; others are mapped the same way on both sides. */
export function toAnthropicToolId(id: string): string {
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, "_");
  return cleaned === "" ? "tool" : cleaned;
}

function imageBlock(url: string, where: string): AnthropicImageBlock {
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { type: "image", source: { type: "base64", media_type: data[1]!, data: data[2]! } };
  if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
  throw badRequest(`${where}.image_url.url must be an http(s) URL or a base64 data: URL.`, "messages");
}

function contentBlocks(content: ChatMessage["content"], where: string): Array<AnthropicTextBlock | AnthropicImageBlock> {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of parts.`, "messages");
  return content.map((part: ChatContentPart, i) => {
    const at = `${where}.content[${i}]`;
    if (part?.type === "text" && typeof part.text === "string") return { type: "text", text: part.text };
    if (part?.type === "refusal" && typeof part.refusal === "string") return { type: "text", text: part.refusal };
    if (part?.type === "image_url" && typeof (part.image_url as { url?: unknown })?.url === "string") {
      return imageBlock((part.image_url as { url: string }).url, at);
    }
    throw badRequest(`${at} has type '${String(part?.type)}', which Anthropic profiles cannot take (use text or image_url).`, "messages");
  });
}

function plainText(content: ChatMessage["content"], where: string): string {
  return contentBlocks(content, where)
    .map((block) => {
      if (block.type !== "text") throw badRequest(`${where} may only contain text for Anthropic profiles.`, "messages");
      return block.text;
    })
    .join("\n");
}

function toolUseBlocks(calls: ChatToolCall[] | undefined, where: string): AnthropicContentBlock[] {
  if (calls === undefined || calls === null) return [];
  if (!Array.isArray(calls)) throw badRequest(`${where}.tool_calls must be an array.`, "messages");
  return calls.map((call, i) => {
    const at = `${where}.tool_calls[${i}]`;
    if (call?.type !== "function" || typeof call.function?.name !== "string" || typeof call.id !== "string") {
      throw badRequest(`${at} must be {id, type: "function", function: {name, arguments}}.`, "messages");
    }
    let input: unknown = {};
    const args = call.function.arguments;
    if (typeof args === "string" && args.trim() !== "") {
      try {
        input = JSON.parse(args);
      } catch {
        throw badRequest(`${at}.function.arguments is not valid JSON.`, "messages");
      }
    }
    return { type: "tool_use", id: toAnthropicToolId(call.id), name: call.function.name, input };
  });
}

function toTurn(message: ChatMessage, where: string): AnthropicMessage {
  switch (message.role) {
    case "user":
      return { role: "user", content: contentBlocks(message.content, where) };
    case "assistant":
      return {
        role: "assistant",
        content: [...contentBlocks(message.content, where), ...toolUseBlocks(message.tool_calls, where)],
      };
    case "tool": {
      if (typeof message.tool_call_id !== "string") throw badRequest(`${where}.tool_call_id is required for a tool message.`, "messages");
      const content = contentBlocks(message.content, where);
      return { role: "user", content: [{ type: "tool_result", tool_use_id: toAnthropicToolId(message.tool_call_id), content }] };
    }
    default:
      throw badRequest(
        `${where}.role '${String(message.role)}' is not supported for Anthropic profiles (use system, developer, user, assistant or tool).`,
        "messages",
      );
  }
}

/**
 * OpenAI messages → Anthropic's `system` and alternating turns: system/developer messages become the
 * system prompt, tool results become user turns, and consecutive turns of one role are merged.
 */
export function convertMessages(messages: ChatMessage[]): { system?: string; messages: AnthropicMessage[] } {
  const system: string[] = [];
  const turns: AnthropicMessage[] = [];
  messages.forEach((message, i) => {
    const where = `messages[${i}]`;
    if (typeof message !== "object" || message === null) throw badRequest(`${where} must be an object.`, "messages");
    if (message.role === "system" || message.role === "developer") {
      system.push(plainText(message.content, where));
      return;
    }
    const turn = toTurn(message, where);
    const previous = turns.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else turns.push(turn);
  });
  const nonEmpty = turns.filter((t) => t.content.length > 0);
  if (nonEmpty.length === 0) throw badRequest("messages needs at least one user or assistant message with content.", "messages");
  return { ...(system.length > 0 ? { system: system.join("\n\n") } : {}), messages: nonEmpty };
}
