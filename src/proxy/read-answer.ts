import type { Readable } from "node:stream";
import { UpstreamProtocolError } from "../providers/types.ts";
import { budgetExhausted, type BodyBudget } from "./body-budget.ts";

/**
 * A provider's whole answer body as text, refusing (502) one larger than `cap` bytes rather than
 * buffering it. With a `budget`, its bytes count against what all calls together may hold while it is
 * read (503 past it), and are given back once it is. Read with events: an async iterator costs several
 * promises per chunk on the hot path.
 */
export function readAnswer(body: Readable, cap: number, budget?: BodyBudget): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (err: Error) => {
      budget?.give(size);
      body.destroy();
      reject(err);
    };
    body.on("data", (chunk: Buffer) => {
      if (size + chunk.length > cap) return stop(new UpstreamProtocolError(`answered with more than ${Math.floor(cap / 1024 / 1024)} MB (MAX_UPSTREAM_ANSWER_MB)`));
      if (budget && !budget.take(chunk.length)) return stop(budgetExhausted());
      size += chunk.length;
      chunks.push(chunk);
    });
    body.once("end", () => {
      budget?.give(size);
      resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString("utf8"));
    });
    body.once("error", (err) => {
      budget?.give(size);
      reject(err);
    });
  });
}
