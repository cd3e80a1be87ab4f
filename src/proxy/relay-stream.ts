import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { StreamEnding } from "../inbound/types.ts";
import { UpstreamProtocolError } from "../providers/types.ts";

const HEAD_BYTES = 8 * 1024;
const TAIL_BYTES = 16 * 1024;

/** Rewrites a provider's stream text as it arrives; throws when the stream is broken. */
export interface StreamTranslation {
  push(text: string): string;
  /** The provider's stream ended: what is left to send; throws when it ended before it was complete. */
  end(): string;
}

export interface RelayOptions {
  /** Headers for the agent's answer, sent with the first bytes. */
  headers: Record<string, string>;
  /** Rewrites the stream (translated calls); without, bytes pass as they are. */
  translation?: StreamTranslation;
  /** For relayed bytes: the failure the stream's first event reports, if it reports one. */
  openingFailure?: (firstEvent: string) => unknown;
  /** For relayed bytes: how the stream ended, from its last bytes (see InboundDialect.streamEnding). */
  ending?: (tail: string) => StreamEnding;
  /** The final frame that tells the agent the stream failed. */
  errorFrame: (failure: unknown) => string;
}

export interface RelayResult {
  /** The provider's stream ended with this failure (undefined: it completed). */
  failure?: unknown;
  /** Whether the answer had started when it failed; if not, nothing was sent and a status can still be. */
  started: boolean;
  /** The agent went away before the end. */
  clientGone: boolean;
  /** A relayed stream ended with the provider's own error event, which the agent got as it came. */
  providerFailed: boolean;
  /** The first and last bytes relayed as they came (pass-through streams), to read usage from. */
  head: string;
  tail: string;
}

/**
 * Sends a provider's stream to the agent as it arrives, waiting whenever the agent reads slower than
 * the provider writes. Nothing is sent until there is something to send, so a stream that fails (or
 * reports an error) before its first event can still be answered with a real status. A failure after
 * the stream started is told to the agent as a final error frame in its dialect.
 */
export function relayStream(source: Readable, res: ServerResponse, options: RelayOptions): Promise<RelayResult> {
  const { translation, openingFailure } = options;
  const decoder = translation ? new TextDecoder() : undefined;
  const head: Buffer[] = [];
  let headBytes = 0;
  const tail: Buffer[] = [];
  let tailBytes = 0;
  let started = false;
  let opening: Buffer[] | undefined = openingFailure ? [] : undefined;

  const start = () => {
    started = true;
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...options.headers });
  };
  const text = (buffers: Buffer[]) => Buffer.concat(buffers).toString("utf8");
  // Read once the stream is over (nothing is added after), by the ending check and by the result.
  let tailText: string | undefined;
  const lastBytes = () => (tailText ??= text(tail));

  return new Promise<RelayResult>((resolve) => {
    let settled = false;
    let providerFailed = false;
    const settle = (result: Omit<RelayResult, "head" | "tail" | "started" | "providerFailed">) => {
      settled = true;
      res.off("close", onClose);
      resolve({ ...result, started, providerFailed, head: text(head), tail: lastBytes() });
    };
    // Runs in the tick the provider's stream ended, so the last event and the end of the answer go out
    // in the same packet as what the agent has not been sent yet (an await here would cost a write).
    const finish = (failure: unknown) => {
      if (settled) return;
      if (res.destroyed) return onClose(); // the agent left; its 'close' is on its way
      let streamFailure = failure;
      let last: string | Buffer = "";
      if (opening && streamFailure === undefined) {
        // The stream ended before its first event did.
        last = Buffer.concat(opening);
        streamFailure = openingFailure!(last.toString("utf8"));
      }
      if (options.ending && streamFailure === undefined) {
        const ending = options.ending(lastBytes());
        if (ending === "cut") streamFailure = new UpstreamProtocolError("ended its stream before the answer was complete");
        providerFailed = ending === "failed";
      }
      if (translation && streamFailure === undefined) {
        try {
          last = translation.end();
        } catch (err) {
          streamFailure = err;
        }
      }
      if (!started && streamFailure !== undefined) {
        source.destroy();
        return settle({ failure: streamFailure, clientGone: false });
      }
      if (!started) start();
      if (last) res.write(last);
      if (streamFailure !== undefined) res.write(options.errorFrame(streamFailure));
      res.end();
      settle({ failure: streamFailure, clientGone: false });
    };
    const onClose = () => {
      if (settled) return;
      source.destroy();
      settle({ failure: undefined, clientGone: true });
    };
    const send = (out: string | Buffer) => {
      if (out.length === 0) return;
      if (!started) start();
      if (!res.write(out)) {
        source.pause();
        res.once("drain", () => source.resume());
      }
    };
    source.on("data", (buf: Buffer) => {
      if (settled) return;
      if (headBytes < HEAD_BYTES) {
        head.push(buf);
        headBytes += buf.length;
      }
      if (translation) {
        try {
          send(translation.push(decoder!.decode(buf, { stream: true })));
        } catch (err) {
          finish(err);
        }
        return;
      }
      tail.push(buf);
      tailBytes += buf.length;
      while (tailBytes - tail[0]!.length > TAIL_BYTES) tailBytes -= tail.shift()!.length;
      if (opening) {
        opening.push(buf);
        const bytes = Buffer.concat(opening);
        const sofar = bytes.toString("utf8");
        const boundary = sofar.search(/\r?\n\r?\n/);
        if (boundary === -1 && bytes.length < HEAD_BYTES) return;
        opening = undefined;
        const failure = openingFailure!(boundary === -1 ? sofar : sofar.slice(0, boundary));
        if (failure !== undefined) return finish(failure);
        return send(bytes);
      }
      send(buf);
    });
    source.once("end", () => finish(undefined));
    source.once("error", finish);
    res.once("close", onClose);
  });
}
