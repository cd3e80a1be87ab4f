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

const sseError = (message: string, type: string) =>
  `data: ${JSON.stringify({ error: { message, type, param: null, code: null } })}\n\n`;

/**
 * Sends a provider's stream to the agent as it arrives, waiting whenever the agent reads slower than
 * the provider writes. With a translator the provider's events are rewritten; without, bytes pass as is.
 * A failure after the stream started is told to the agent as a final `data: {"error": ...}` event.
 */
export function relayStream(
  source: Readable,
  res: ServerResponse,
  translator: StreamTranslator | undefined,
  headers: Record<string, string>,
  explain: (failure: unknown) => { message: string; type: string },
): Promise<RelayResult> {
  // Headers leave with the first event rather than in a packet of their own.
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...headers });
  const decoder = translator ? new TextDecoder() : undefined;
  const tail: Buffer[] = [];
  let tailBytes = 0;
  return new Promise<RelayResult>((resolve) => {
    let settled = false;
    // Runs in the tick the provider's stream ended, so the last event and the end of the answer go out
    // in the same packet as what the agent has not been sent yet (an await here would cost a write).
    const finish = (failure: unknown) => {
      if (settled) return;
      if (res.destroyed) return onClose(); // the agent left; its 'close' is on its way
      settled = true;
      res.off("close", onClose);
      let streamFailure = failure;
      if (translator && failure === undefined) {
        const end = translator.end();
        if (end.text) res.write(end.text);
        if (end.error) streamFailure = new UpstreamStreamError(end.error);
      }
      if (streamFailure !== undefined) {
        const { message, type } = explain(streamFailure);
        res.write(sseError(message, type));
      }
      res.end();
      resolve({ failure: streamFailure, clientGone: false, tail: translator ? "" : Buffer.concat(tail).toString("utf8") });
    };
    const onClose = () => {
      if (settled) return;
      settled = true;
      source.destroy();
      resolve({ failure: undefined, clientGone: true, tail: "" });
    };
    source.on("data", (buf: Buffer) => {
      let out: string | Buffer = buf;
      if (translator) {
        out = translator.push(decoder!.decode(buf, { stream: true }));
      } else {
        tail.push(buf);
        tailBytes += buf.length;
        while (tailBytes - tail[0]!.length > TAIL_BYTES) tailBytes -= tail.shift()!.length;
      }
      if (out.length > 0 && !res.write(out)) {
        source.pause();
        res.once("drain", () => source.resume());
      }
    });
    source.once("end", () => finish(undefined));
    source.once("error", finish);
    res.once("close", onClose);
  });
}
