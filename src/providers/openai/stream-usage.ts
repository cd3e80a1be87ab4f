import type { ChatUsage } from "./wire-types.ts";

/**
 * The usage an OpenAI stream reported, read from its last events (the usage chunk comes just before
 * `data: [DONE]` when the agent asked for stream_options.include_usage). Undefined when there is none.
 */
export function usageFromStreamTail(tail: string): ChatUsage | undefined {
  const events = tail.split(/\r?\n\r?\n/).reverse();
  for (const event of events) {
    const data = /^data: ?(.*)$/m.exec(event)?.[1];
    if (!data || data === "[DONE]" || !data.includes('"usage"')) continue;
    try {
      const usage = (JSON.parse(data) as { usage?: ChatUsage | null }).usage;
      if (usage && typeof usage.total_tokens === "number") return usage;
    } catch {
      // a partial event at the start of the tail
    }
  }
  return undefined;
}
