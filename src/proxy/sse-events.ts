import { createParser, type EventSourceMessage } from "eventsource-parser";

/** Splits a provider's SSE text, fed in pieces of any size, into whole events. */
export function createSseEvents(): (text: string) => EventSourceMessage[] {
  let ready: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => void ready.push(message) });
  return (text) => {
    parser.feed(text);
    const events = ready;
    ready = [];
    return events;
  };
}
