import { badRequest } from "../../errors.ts";
import type { ImagePart, Message, Part, TextPart } from "../../proxy/neutral.ts";
import { isObject } from "../read-values.ts";
import { customCallArguments } from "./custom-tools.ts";
import { fromEncryptedContent } from "./reasoning-token.ts";

type Item = Record<string, unknown>;

function image(part: Item, where: string, target: string): ImagePart {
  const url = part.image_url;
  if (typeof url !== "string") throw badRequest(`${where} is an input_image without image_url (file ids cannot be translated for ${target} profiles).`, "input");
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { type: "image", source: { type: "base64", mediaType: data[1]!, data: data[2]! } };
  if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
  throw badRequest(`${where}.image_url must be an http(s) URL or a base64 data: URL.`, "input");
}

function contentParts(content: unknown, where: string, target: string): Array<TextPart | ImagePart> {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content parts.`, "input");
  return content.map((part: Item, i) => {
    const at = `${where}.content[${i}]`;
    if (!isObject(part)) throw badRequest(`${at} must be an object.`, "input");
    if ((part.type === "input_text" || part.type === "output_text" || part.type === "text") && typeof part.text === "string") return { type: "text", text: part.text };
    if (part.type === "refusal" && typeof part.refusal === "string") return { type: "text", text: part.refusal };
    if (part.type === "input_image") return image(part, at, target);
    throw badRequest(`${at} has type '${String(part.type)}', which ${target} profiles cannot take (use input_text or input_image).`, "input");
  });
}

function toolOutput(output: unknown, where: string, target: string): Array<TextPart | ImagePart> {
  if (typeof output === "string") return [{ type: "text", text: output }];
  return contentParts(output, where, target);
}

/** Appends to the last message when it has the same role (a function_call after assistant text is one turn). */
function push(messages: Message[], role: Message["role"], parts: Part[]): void {
  const last = messages.at(-1);
  if (last?.role === role && role !== "system") last.content.push(...parts);
  else messages.push({ role, content: parts });
}

/**
 * Responses `input` items in neutral form. Built-in tools' calls and results (web_search_call,
 * file_search_call, computer_call, mcp_*, …) ran at OpenAI and are dropped, as are item references
 * (they point at stored state the switcher does not keep).
 */
export function readInput(input: unknown, target: string): Message[] {
  if (typeof input === "string") return [{ role: "user", content: [{ type: "text", text: input }] }];
  if (!Array.isArray(input)) throw badRequest("input must be a string or an array of items.", "input");
  const messages: Message[] = [];
  input.forEach((item: Item, i) => {
    const where = `input[${i}]`;
    if (!isObject(item)) throw badRequest(`${where} must be an object.`, "input");
    const type = item.type ?? (item.role !== undefined ? "message" : undefined);
    switch (type) {
      case "message": {
        const role = item.role === "developer" || item.role === "system" ? "system" : item.role;
        if (role !== "user" && role !== "assistant" && role !== "system") {
          throw badRequest(`${where}.role must be user, assistant, system or developer.`, "input");
        }
        push(messages, role, contentParts(item.content, where, target));
        return;
      }
      case "function_call":
      case "custom_tool_call": {
        if (typeof item.call_id !== "string" || typeof item.name !== "string") throw badRequest(`${where} needs a call_id and a name.`, "input");
        const args = type === "function_call" ? (typeof item.arguments === "string" ? item.arguments : "") : customCallArguments(String(item.input ?? ""));
        push(messages, "assistant", [{ type: "tool_call", id: item.call_id, name: item.name, arguments: args }]);
        return;
      }
      case "function_call_output":
      case "custom_tool_call_output":
        if (typeof item.call_id !== "string") throw badRequest(`${where}.call_id must be a string.`, "input");
        push(messages, "tool", [{ type: "tool_result", callId: item.call_id, content: toolOutput(item.output, where, target) }]);
        return;
      case "reasoning": {
        const summary = Array.isArray(item.summary) ? (item.summary as Item[]).map((s) => (typeof s.text === "string" ? s.text : "")).join("\n") : "";
        const encrypted = typeof item.encrypted_content === "string" && item.encrypted_content !== "" ? item.encrypted_content : undefined;
        push(messages, "assistant", [{ type: "reasoning", text: summary, ...(encrypted ? { opaque: fromEncryptedContent(encrypted) } : {}) }]);
        return;
      }
      default:
        return;
    }
  });
  return messages;
}
