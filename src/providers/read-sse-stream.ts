import type { EventSourceMessage } from "eventsource-parser";
import type { StreamEvent } from "../proxy/neutral.ts";
import { createSseEvents } from "../proxy/sse-events.ts";
import { UpstreamProtocolError, type StreamReader } from "./types.ts";

export interface SseSteps {
  /** Reads one SSE event into neutral events; returns true when it completed the answer. Throws on a broken stream. */
  step(message: EventSourceMessage, out: StreamEvent[]): boolean;
  /** The provider's stream ended before an event completed the answer: what is left, or a throw. */
  ended(): StreamEvent[];
}

/** An event is a delta or a short notice; one this long is a provider gone wrong, buffered no further. */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;

/**
 * A stream reader made of per-event steps. When a piece of the stream holds good events and then a
 * broken one, the good events are returned first and the failure is thrown by the next call, so the
 * agent gets what the provider did send before the error that ends its stream.
 */
export function readSseStream({ step, ended }: SseSteps): StreamReader {
  const events = createSseEvents();
  let complete = false;
  let failure: unknown;
  // The text after the last blank line: an event not yet complete. A stream that ends inside one was
  // cut, whatever it said before (a last `data: [DONE]` without its blank line is let pass).
  let partial = "";
  return {
    push(text) {
      if (failure !== undefined) throw failure;
      const joined = partial + text;
      const boundary = Math.max(joined.lastIndexOf("\n\n"), joined.lastIndexOf("\n\r\n"));
      partial = boundary === -1 ? joined : joined.slice(boundary + 2);
      if (partial.length > MAX_EVENT_CHARS) {
        throw (failure = new UpstreamProtocolError(`sent a stream event longer than ${MAX_EVENT_CHARS / 1024 / 1024} MB`));
      }
      const out: StreamEvent[] = [];
      try {
        for (const message of events(text)) {
          if (complete) break;
          complete = step(message, out);
        }
      } catch (err) {
        if (out.length === 0) throw err;
        failure = err;
      }
      return out;
    },
    end() {
      if (failure !== undefined) throw failure;
      if (complete) return [];
      const unfinished = partial.trim();
      if (unfinished !== "" && unfinished !== "data: [DONE]") throw new UpstreamProtocolError("ended its stream in the middle of an event");
      return ended();
    },
  };
}

/** Text a provider sent as JSON; a provider that sent something else broke its protocol (`what` says where). */
export function providerJson(text: string, what: "a stream event" | "a body"): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamProtocolError(what === "a body" ? "answered with a body that is not JSON" : "sent a stream event that is not JSON");
  }
}
