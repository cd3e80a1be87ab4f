import { badRequest } from "../../errors.ts";
import type { ImagePart, Message, Part, TextPart } from "../../proxy/neutral.ts";
import type { AnthropicContentBlock, AnthropicImageBlock, AnthropicMessage, AnthropicTextBlock } from "./wire-types.ts";

/** Anthropic accepts tool ids matching ^[a-zA-Z0-9_-]+$; others are mapped the same way on both sides. */
export function toAnthropicToolId(id: string): string {
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, "_");
  return cleaned === "" ? "tool" : cleaned;
}

function media(part: TextPart | ImagePart): AnthropicTextBlock | AnthropicImageBlock {
  if (part.type === "text") return { type: "text", text: part.text };
  const { source } = part;
  return { type: "image", source: source.type === "url" ? source : { type: "base64", media_type: source.mediaType, data: source.data } };
}

function toolInput(args: string, name: string): unknown {
  if (args.trim() === "") return {};
  let input: unknown;
  try {
    input = JSON.parse(args);
  } catch {
    throw badRequest(`The arguments of the call to tool '${name}' are not valid JSON.`, "messages");
  }
  // Anthropic takes only an object as a tool's input.
  return typeof input === "object" && input !== null && !Array.isArray(input) ? input : { value: input };
}

/** A part as Anthropic content, or nothing when Anthropic has no place for it (reasoning it did not sign). */
function block(part: Part): AnthropicContentBlock[] {
  switch (part.type) {
    case "text":
      return part.text === "" ? [] : [{ type: "text", text: part.text }];
    case "image":
      return [media(part)];
    case "tool_call":
      return [{ type: "tool_use", id: toAnthropicToolId(part.id), name: part.name, input: toolInput(part.arguments, part.name) }];
    case "tool_result":
      return [{ type: "tool_result", tool_use_id: toAnthropicToolId(part.callId), content: part.content.map(media), ...(part.isError ? { is_error: true } : {}) }];
    case "reasoning": {
      const token = part.opaque?.issuer === "anthropic" ? part.opaque : undefined;
      if (token?.kind === "signature") return [{ type: "thinking", thinking: part.text, signature: token.data }];
      if (token?.kind === "redacted") return [{ type: "redacted_thinking", data: token.data }];
      return [];
    }
    default: {
      const exhaustive: never = part;
      return exhaustive;
    }
  }
}

/**
 * Neutral messages → Anthropic's `system` and alternating turns: system messages become the system
 * prompt, tool results become user turns, and consecutive turns of one role are merged.
 */
export function convertMessages(messages: Message[]): { system?: string; messages: AnthropicMessage[] } {
  const system: string[] = [];
  const turns: AnthropicMessage[] = [];
  for (const message of messages) {
    if (message.role === "system") {
      system.push(message.content.map((p) => (p.type === "text" ? p.text : "")).join("\n"));
      continue;
    }
    const role = message.role === "assistant" ? "assistant" : "user";
    const content = message.content.flatMap(block);
    const previous = turns.at(-1);
    if (previous?.role === role) previous.content.push(...content);
    else turns.push({ role, content });
  }
  const nonEmpty = turns.filter((t) => t.content.length > 0);
  if (nonEmpty.length === 0) throw badRequest("messages needs at least one user or assistant message with content.", "messages");
  return { ...(system.length > 0 ? { system: system.join("\n\n") } : {}), messages: nonEmpty };
}
