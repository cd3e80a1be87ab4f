import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { StreamTranslator } from "../providers/types.ts";

const TAIL_BYTES = 16 * 1024;

/** The provider's stream said it failed, or ended before it was complete. */
export class UpstreamStreamError extends Error {}

export interface RelayResult {
  /** The provider's stream, as the agent received it, ended with this failure (undefined: it completed). */
  failure?: unknown;
  /** The agent went away before the end. */
  clientGone: boolean;
  /** The last bytes sent as they came (pass-through streams), to read usage from. */
  tail: string;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

const sseError = (message: string, type: string) =>
  `data: ${JSON.stringify({ error: { message, type, param: null, code: null } })}\n\n`;

/**
 * Sends a provider's stream to the agent as it arrives, waiting whenever the agent reads slower than
 * the provider writes. With a translator the provider's events are rewritten; without, bytes pass as is.
 * A failure after the stream started is told to the agent as a final `data: {"error": ...}` event.
 */
export async function relayStream(
  source: Readable,
  res: ServerResponse,
  translator: StreamTranslator | undefined,
  headers: Record<string, string>,
  explain: (failure: unknown) => { message: string; type: string },
): Promise<RelayResult> {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...headers });
  res.flushHeaders();
  const decoder = new TextDecoder();
  let tail: Buffer[] = [];
  let tailBytes = 0;
  let failure: unknown;
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      let out: string | Buffer = buf;
      if (translator) {
        out = translator.push(decoder.decode(buf, { stream: true }));
      } else {
        tail.push(buf);
        tailBytes += buf.length;
        while (tailBytes - tail[0]!.length > TAIL_BYTES) tailBytes -= tail.shift()!.length;
      }
      if (out.length > 0 && !res.write(out)) await drained(res);
      if (res.destroyed) break;
    }
  } catch (err) {
    failure = err;
  }
  if (translator && failure === undefined && !res.destroyed) {
    const end = translator.end();
    if (end.text) res.write(end.text);
    if (end.error) failure = new UpstreamStreamError(end.error);
  }
  const clientGone = res.destroyed && !res.writableFinished;
  if (!clientGone) {
    if (failure !== undefined) {
      const { message, type } = explain(failure);
      res.write(sseError(message, type));
    }
    res.end();
  }
  const tailText = translator ? "" : Buffer.concat(tail).toString("utf8");
  tail = [];
  return { failure, clientGone, tail: tailText };
}
