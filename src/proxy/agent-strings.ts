import type { Span } from "./body-scan.ts";

/** Strings at least this many bytes long, as the agent wrote them, are kept for writing back (see below). */
export const AGENT_STRING_BYTES = 1024;

/** The agent's long strings (system prompts, files, tool output) by their text, each with its JSON bytes as sent. */
export type AgentStrings = ReadonlyMap<string, Buffer>;

/**
 * The long strings of a body, found at `spans` by the scan. A translation writes these back as the
 * agent's own bytes instead of escaping them again: JSON.stringify escapes a 40 KB prompt about as
 * slowly as it parses it. Left out: strings that are not valid JSON (the scan does not check escapes;
 * parsing the body refuses them). Bodies that are not valid UTF-8 never get this far (read-call.ts).
 */
export function agentStrings(raw: Buffer, spans: readonly Span[]): AgentStrings {
  const strings = new Map<string, Buffer>();
  for (const [start, end] of spans) {
    const bytes = raw.subarray(start, end);
    const text = textOf(bytes);
    if (text !== undefined) strings.set(text, bytes);
  }
  return strings;
}

function textOf(bytes: Buffer): string | undefined {
  if (!bytes.includes(0x5c)) return bytes.toString("utf8", 1, bytes.length - 1);
  try {
    return JSON.parse(bytes.toString("utf8")) as string;
  } catch {
    return undefined;
  }
}

/**
 * JSON.stringify for plain data (objects, arrays, strings, numbers, booleans, null), except that a
 * string the agent sent is written as the agent's own bytes. Without such strings it is JSON.stringify.
 */
export function stringifyWithAgentStrings(value: unknown, strings: AgentStrings): string | Buffer {
  if (strings.size === 0) return JSON.stringify(value);
  const chunks: Buffer[] = [];
  let text = "";
  const write = (item: unknown): void => {
    if (typeof item === "string") {
      // (a string of n characters takes at most 6n bytes as JSON: \u escapes)
      const bytes = item.length * 6 >= AGENT_STRING_BYTES ? strings.get(item) : undefined;
      if (!bytes) {
        text += JSON.stringify(item);
        return;
      }
      chunks.push(Buffer.from(text), bytes);
      text = "";
    } else if (Array.isArray(item)) {
      text += "[";
      item.forEach((element: unknown, i) => {
        if (i > 0) text += ",";
        write(element === undefined || typeof element === "function" ? null : element);
      });
      text += "]";
    } else if (typeof item === "object" && item !== null) {
      text += "{";
      let first = true;
      for (const [key, element] of Object.entries(item)) {
        if (element === undefined || typeof element === "function") continue;
        text += `${first ? "" : ","}${JSON.stringify(key)}:`;
        first = false;
        write(element);
      }
      text += "}";
    } else text += JSON.stringify(item) ?? "null";
  };
  write(value);
  if (chunks.length === 0) return text;
  chunks.push(Buffer.from(text));
  return Buffer.concat(chunks);
}
