import { badRequest } from "../../errors.ts";
import type { ImagePart, Message, Part, TextPart } from "../../proxy/neutral.ts";
import { isObject } from "../read-values.ts";

type Block = Record<string, unknown> & { type?: unknown };

function image(block: Block, where: string, target: string): ImagePart {
  const source = block.source as { type?: unknown; media_type?: unknown; data?: unknown; url?: unknown } | undefined;
  if (source?.type === "base64" && typeof source.media_type === "string" && typeof source.data === "string") {
    return { type: "image", source: { type: "base64", mediaType: source.media_type, data: source.data } };
  }
  if (source?.type === "url" && typeof source.url === "string") return { type: "image", source: { type: "url", url: source.url } };
  throw badRequest(`${where}.source must be a base64 or url image source for ${target} profiles (file ids cannot be translated).`, "messages");
}

/** Text documents become text; other documents (PDFs, files) cannot be read by a chat-completions target. */
function document(block: Block, where: string, target: string): TextPart {
  const source = block.source as { type?: unknown; data?: unknown; content?: unknown } | undefined;
  if (source?.type === "text" && typeof source.data === "string") {
    const title = typeof block.title === "string" ? `${block.title}\n\n` : "";
    return { type: "text", text: `${title}${source.data}` };
  }
  throw badRequest(`${where} is a ${String(source?.type)} document, which ${target} profiles cannot read; send its text as a text block.`, "messages");
}

/** A search result the agent supplies (for citations) as text the target can read: title, source, then its text. */
function searchResult(block: Block, where: string): TextPart {
  const content = Array.isArray(block.content) ? (block.content as Block[]) : [];
  if (typeof block.source !== "string" || content.some((b) => b?.type !== "text" || typeof b.text !== "string")) {
    throw badRequest(`${where} must be a search_result with a string source and text blocks as content.`, "messages");
  }
  const title = typeof block.title === "string" ? `${block.title}\n` : "";
  // Ends with a blank line: a target that joins a turn's text parts must not run it into the next.
  return { type: "text", text: `${title}${block.source}\n\n${content.map((b) => b.text as string).join("\n\n")}\n\n` };
}

function media(block: Block, where: string, target: string): Array<TextPart | ImagePart> {
  if (block.type === "text") {
    if (typeof block.text !== "string") throw badRequest(`${where} is a text block without a string 'text'.`, "messages");
    return [{ type: "text", text: block.text }];
  }
  if (block.type === "image") return [image(block, where, target)];
  if (block.type === "document") return [document(block, where, target)];
  if (block.type === "search_result") return [searchResult(block, where)];
  throw badRequest(`${where} has type '${String(block.type)}', which cannot be translated for ${target} profiles (use text, image, document or search_result).`, "messages");
}

function toolResult(block: Block, where: string, target: string): Part {
  if (typeof block.tool_use_id !== "string") throw badRequest(`${where}.tool_use_id must be a string.`, "messages");
  const content = block.content;
  const parts =
    content === undefined || content === null
      ? []
      : typeof content === "string"
        ? [{ type: "text" as const, text: content }]
        : Array.isArray(content)
          ? content.flatMap((b, i) => media(b as Block, `${where}.content[${i}]`, target))
          : (() => {
              throw badRequest(`${where}.content must be a string or an array of blocks.`, "messages");
            })();
  return { type: "tool_result", callId: block.tool_use_id, content: parts, ...(block.is_error === true ? { isError: true } : {}) };
}

/** Blocks of tools that ran at Anthropic (server and MCP tools, container files): history the target cannot hold. */
const ranAtAnthropic = (type: string) => type === "server_tool_use" || type === "mcp_tool_use" || type === "container_upload" || type.endsWith("_tool_result");

/**
 * One content block in neutral form. Blocks a chat-completions target cannot hold are dropped by the
 * README's rules: server tools' calls and results (they ran at Anthropic), and thinking without a
 * signature; signed thinking is kept as reasoning that only goes back to Anthropic. Any other type is
 * refused: dropping what the agent meant to send would change its prompt without a word.
 */
function part(block: Block, where: string, target: string): Part[] {
  if (!isObject(block)) throw badRequest(`${where} must be a content block object.`, "messages");
  switch (block.type) {
    case "text":
    case "image":
    case "document":
    case "search_result":
      return media(block, where, target);
    case "tool_use": {
      if (typeof block.id !== "string" || typeof block.name !== "string") throw badRequest(`${where} must have a string id and name.`, "messages");
      return [{ type: "tool_call", id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) }];
    }
    case "tool_result":
      return [toolResult(block, where, target)];
    case "thinking":
      return typeof block.signature === "string" && block.signature !== ""
        ? [{ type: "reasoning", text: String(block.thinking ?? ""), opaque: { issuer: "anthropic", kind: "signature", data: block.signature } }]
        : [];
    case "redacted_thinking":
      return typeof block.data === "string" ? [{ type: "reasoning", text: "", opaque: { issuer: "anthropic", kind: "redacted", data: block.data } }] : [];
    default:
      if (typeof block.type === "string" && ranAtAnthropic(block.type)) return [];
      throw badRequest(
        `${where} has type '${String(block.type)}', which cannot be translated for ${target} profiles (send text, image, document, search_result, tool_use or tool_result blocks).`,
        "messages",
      );
  }
}

function parts(content: unknown, where: string, target: string): Part[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content blocks.`, "messages");
  return content.flatMap((block, i) => part(block as Block, `${where}.content[${i}]`, target));
}

/** The top-level `system`: a string or text blocks (their cache_control is Anthropic's alone). */
export function readSystem(system: unknown, target: string): Message[] {
  if (system === undefined || system === null) return [];
  const content = parts(system, "system", target);
  if (content.some((p) => p.type !== "text")) throw badRequest("system may only contain text blocks.", "system");
  return content.length > 0 ? [{ role: "system", content }] : [];
}

/**
 * Messages turns in neutral form. A user turn's tool results become a tool message ahead of the rest
 * of the turn; `role: "system"` turns (Claude Code sends them) are system messages where they stand.
 */
export function readMessages(messages: unknown[], target: string): Message[] {
  const read = messages.flatMap((message, i): Message[] => {
    const where = `messages[${i}]`;
    if (!isObject(message)) throw badRequest(`${where} must be an object.`, "messages");
    const content = parts(message.content, where, target);
    switch (message.role) {
      case "assistant":
        return [{ role: "assistant", content }];
      case "system":
        if (content.some((p) => p.type !== "text")) throw badRequest(`${where} is a system message and may only contain text.`, "messages");
        return [{ role: "system", content }];
      case "user": {
        const results = content.filter((p) => p.type === "tool_result");
        const rest = content.filter((p) => p.type !== "tool_result");
        return [...(results.length > 0 ? [{ role: "tool" as const, content: results }] : []), ...(rest.length > 0 ? [{ role: "user" as const, content: rest }] : [])];
      }
      default:
        throw badRequest(`${where}.role must be user or assistant.`, "messages");
    }
  });
  if (!read.some((m) => m.role !== "system" && m.content.length > 0)) {
    throw badRequest("messages has no user or assistant turn with content to send: give at least one turn a non-empty text, image, tool_use or tool_result block.", "messages");
  }
  return read;
}
