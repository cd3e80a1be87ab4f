import type { Readable } from "node:stream";
import { UpstreamProtocolError } from "../providers/types.ts";

/**
 * A provider's whole answer body as text, refusing (502) one larger than `cap` bytes rather than
 * buffering it. Read with events: an async iterator costs several promises per chunk on the hot path.
 */
export function readAnswer(body: Readable, cap: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= cap) return void chunks.push(chunk);
      body.destroy();
      reject(new UpstreamProtocolError(`answered with more than ${Math.floor(cap / 1024 / 1024)} MB (MAX_UPSTREAM_ANSWER_MB)`));
    });
    body.once("end", () => resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString("utf8")));
    body.once("error", reject);
  });
}
