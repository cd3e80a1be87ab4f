import type { Readable } from "node:stream";
import { UpstreamProtocolError } from "../providers/types.ts";

/** A provider's whole answer body as text, refusing (502) one larger than `cap` bytes rather than buffering it. */
export async function readAnswer(body: Readable, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap) {
      body.destroy();
      throw new UpstreamProtocolError(`answered with more than ${Math.floor(cap / 1024 / 1024)} MB (MAX_UPSTREAM_ANSWER_MB)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
