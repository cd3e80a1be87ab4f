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
export async function relayStream(
  source: Readable,
  res: ServerResponse,
  translator: StreamTranslator | undefined,
  headers: Record<string, string>,
  explain: (failure: unknown) => { message: string; type: string },
): Promise<RelayResult> {
  // Headers leave with the first event rather than in a packet of their own.
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...headers });
  const decoder = translator ? new TextDecoder() : undefined;
  let tail: Buffer[] = [];
  let tailBytes = 0;
  const failure = await new Promise<unknown>((resolve) => {
    let settled = false;
    const settle = (value: unknown) => {
      if (settled) return;
      settled = true;
      res.off("close", onClose);
      resolve(value);
    };
    const onClose = () => {
      source.destroy();
      settle(undefined);
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
    source.once("end", () => settle(undefined));
    source.once("error", settle);
    res.once("close", onClose);
  });
  let streamFailure = failure;
  if (translator && failure === undefined && !res.destroyed) {
    const end = translator.end();
    if (end.text) res.write(end.text);
    if (end.error) streamFailure = new UpstreamStreamError(end.error);
  }
  const clientGone = res.destroyed && !res.writableFinished;
  if (!clientGone) {
    if (streamFailure !== undefined) {
      const { message, type } = explain(streamFailure);
      res.write(sseError(message, type));
    }
    res.end();
  }
  const tailText = translator ? "" : Buffer.concat(tail).toString("utf8");
  tail = [];
  return { failure: streamFailure, clientGone, tail: tailText };
}
