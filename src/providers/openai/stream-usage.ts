import type { ChatUsage } from "./wire-types.ts";

// Can only be a key: inside a JSON string the quotes would be escaped.
const USAGE_KEY = '"usage":';

/**
 * The usage an OpenAI stream reported, read from its last events (the usage chunk comes just before
 * `data: [DONE]` when the agent asked for stream_options.include_usage). Undefined when there is none.
 */
export function usageFromStreamTail(tail: string): ChatUsage | undefined {
  // Searched from the end: chunks before the last may carry "usage":null. An event's JSON holds no
  // raw newline, so the line around a match is the whole `data:` line.
  for (let at = tail.lastIndexOf(USAGE_KEY); at !== -1; ) {
    const lineStart = tail.lastIndexOf("\n", at) + 1;
    const lineEnd = tail.indexOf("\n", at);
    const line = tail.slice(lineStart, lineEnd === -1 ? tail.length : lineEnd).trimEnd();
    if (line.startsWith("data:")) {
      try {
        const usage = (JSON.parse(line.slice(5)) as { usage?: ChatUsage | null }).usage;
        if (usage && typeof usage.total_tokens === "number") return usage;
      } catch {
        // a partial event at the start of the tail
      }
    }
    at = lineStart === 0 ? -1 : tail.lastIndexOf(USAGE_KEY, lineStart - 1);
  }
  return undefined;
}
