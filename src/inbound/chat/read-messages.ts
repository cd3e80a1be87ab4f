import { badRequest } from "../../errors.ts";
import type { ImagePart, Message, TextPart, ToolCallPart } from "../../proxy/neutral.ts";
import type { ChatContentPart, ChatMessage, ChatToolCall } from "../../providers/openai/wire-types.ts";

function imagePart(url: string, where: string): ImagePart {
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { type: "image", source: { type: "base64", mediaType: data[1]!, data: data[2]! } };
  if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
  throw badRequest(`${where}.image_url.url must be an http(s) URL or a base64 data: URL.`, "messages");
}

function contentParts(content: ChatMessage["content"], where: string, target: string): Array<TextPart | ImagePart> {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of parts.`, "messages");
  return content.map((part: ChatContentPart, i) => {
    const at = `${where}.content[${i}]`;
    if (part?.type === "text" && typeof part.text === "string") return { type: "text", text: part.text };
    if (part?.type === "refusal" && typeof part.refusal === "string") return { type: "text", text: part.refusal };
    if (part?.type === "image_url" && typeof (part.image_url as { url?: unknown })?.url === "string") {
      return imagePart((part.image_url as { url: string }).url, at);
    }
    throw badRequest(`${at} has type '${String(part?.type)}', which ${target} profiles cannot take (use text or image_url).`, "messages");
  });
}

function textOnly(content: ChatMessage["content"], where: string, target: string): TextPart[] {
  const parts = contentParts(content, where, target);
  if (parts.some((p) => p.type !== "text")) throw badRequest(`${where} may only contain text for ${target} profiles.`, "messages");
  return parts as TextPart[];
}

function toolCalls(calls: ChatToolCall[] | undefined, where: string): ToolCallPart[] {
  if (calls === undefined || calls === null) return [];
  if (!Array.isArray(calls)) throw badRequest(`${where}.tool_calls must be an array.`, "messages");
  return calls.map((call, i) => {
    const at = `${where}.tool_calls[${i}]`;
    if (call?.type !== "function" || typeof call.function?.name !== "string" || typeof call.id !== "string") {
      throw badRequest(`${at} must be {id, type: "function", function: {name, arguments}}.`, "messages");
    }
    const args = typeof call.function.arguments === "string" ? call.function.arguments : "";
    if (args.trim() !== "") {
      try {
        JSON.parse(args);
      } catch {
        throw badRequest(`${at}.function.arguments is not valid JSON.`, "messages");
      }
    }
    return { type: "tool_call", id: call.id, name: call.function.name, arguments: args };
  });
}

/** Chat messages in neutral form; `target` names the profile type in messages about what it cannot take. */
export function readChatMessages(messages: ChatMessage[], target: string): Message[] {
  return messages.map((message, i) => {
    const where = `messages[${i}]`;
    if (typeof message !== "object" || message === null) throw badRequest(`${where} must be an object.`, "messages");
    switch (message.role) {
      case "system":
      case "developer":
        return { role: "system", content: textOnly(message.content, where, target) };
      case "user":
        return { role: "user", content: contentParts(message.content, where, target) };
      case "assistant":
        return { role: "assistant", content: [...contentParts(message.content, where, target), ...toolCalls(message.tool_calls, where)] };
      case "tool":
        if (typeof message.tool_call_id !== "string") throw badRequest(`${where}.tool_call_id is required for a tool message.`, "messages");
        return { role: "tool", content: [{ type: "tool_result", callId: message.tool_call_id, content: contentParts(message.content, where, target) }] };
      default:
        throw badRequest(
          `${where}.role '${String(message.role)}' is not supported for ${target} profiles (use system, developer, user, assistant or tool).`,
          "messages",
        );
    }
  });
}
