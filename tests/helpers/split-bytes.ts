import type { StreamEvent } from "../../src/proxy/neutral.ts";
import type { StreamReader } from "../../src/providers/types.ts";

export interface ReadResult {
  events: StreamEvent[];
  /** What the reader threw, after the events it returned first. */
  error?: Error;
}

/**
 * Feeds a provider's stream to a reader the way the proxy does: as bytes cut at `cuts` (offsets into
 * the UTF-8 encoding, so a cut may fall inside a character), each piece decoded as part of a stream.
 */
export function readAtCuts(reader: StreamReader, text: string, cuts: number[]): ReadResult {
  const bytes = Buffer.from(text, "utf8");
  const decoder = new TextDecoder();
  const result: ReadResult = { events: [] };
  const bounds = [0, ...cuts, bytes.length];
  try {
    for (let i = 1; i < bounds.length; i++) result.events.push(...reader.push(decoder.decode(bytes.subarray(bounds[i - 1], bounds[i]), { stream: true })));
    result.events.push(...reader.end());
  } catch (err) {
    result.error = err as Error;
  }
  return result;
}

/**
 * Every way the tests cut a stream: in pieces of 1, 2, 3, 5, 7 and 13 bytes, and in two at every byte.
 * Each comes with a label for the failure message.
 */
export function cuttings(text: string): Array<{ label: string; cuts: number[] }> {
  const length = Buffer.byteLength(text, "utf8");
  const all: Array<{ label: string; cuts: number[] }> = [];
  for (const size of [1, 2, 3, 5, 7, 13]) {
    const cuts = [];
    for (let at = size; at < length; at += size) cuts.push(at);
    all.push({ label: `pieces of ${size} bytes`, cuts });
  }
  for (let at = 1; at < length; at++) all.push({ label: `two pieces cut at byte ${at}`, cuts: [at] });
  return all;
}
