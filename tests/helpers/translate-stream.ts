import type { StreamRenderer } from "../../src/inbound/types.ts";
import type { StreamEvent, Usage } from "../../src/proxy/neutral.ts";
import type { StreamReader } from "../../src/providers/types.ts";

export interface Translated {
  /** The agent's SSE text, up to the failure if there was one. */
  out: string;
  events: StreamEvent[];
  /** What the reader threw: a broken stream, or an error the provider reported. */
  error?: Error;
  usage?: Usage;
}

/** A provider's stream text, fed in small pieces (events split across reads must still parse), read and rendered. */
export function translateStream(reader: StreamReader, renderer: StreamRenderer | undefined, text: string, pieceSize = 7): Translated {
  const result: Translated = { out: "", events: [] };
  const take = (events: StreamEvent[]) => {
    for (const event of events) {
      result.events.push(event);
      if (event.type === "finish") result.usage = event.usage;
      if (renderer) result.out += renderer.event(event);
    }
  };
  try {
    for (let i = 0; i < text.length; i += pieceSize) take(reader.push(text.slice(i, i + pieceSize)));
    take(reader.end());
  } catch (err) {
    result.error = err as Error;
  }
  return result;
}
