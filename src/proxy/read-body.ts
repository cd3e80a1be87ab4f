import type { IncomingMessage } from "node:http";
import type { BodyBudget } from "./body-budget.ts";

export class BodyTooLargeError extends Error {}
/** All calls together hold as many body bytes as they may (MAX_INFLIGHT_BODY_MB). */
export class BodyBudgetError extends Error {}
/** The agent did not send its whole body within BODY_READ_TIMEOUT_MS. */
export class BodyTimeoutError extends Error {}

export interface BodyLimits {
  /** Most bytes one body may have. */
  limit: number;
  budget: BodyBudget;
  timeoutMs: number;
}

/**
 * Reads the whole request body, refusing more than `limit` bytes (before reading them when declared),
 * more than the shared budget has left, and a sender slower than `timeoutMs`. Resolves with the body
 * and the budget bytes it holds, which the caller gives back when the call is over.
 */
export function readBody(req: IncomingMessage, { limit, budget, timeoutMs }: BodyLimits): Promise<{ raw: Buffer; held: number }> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"]) > limit) return reject(new BodyTooLargeError());
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (err: Error) => {
      clearTimeout(timer);
      req.removeAllListeners("data");
      req.resume();
      budget.give(size);
      reject(err);
    };
    const timer = setTimeout(() => stop(new BodyTimeoutError()), timeoutMs);
    req.on("data", (chunk: Buffer) => {
      if (size + chunk.length > limit) return stop(new BodyTooLargeError());
      if (!budget.take(chunk.length)) return stop(new BodyBudgetError());
      size += chunk.length;
      chunks.push(chunk);
    });
    req.once("end", () => {
      clearTimeout(timer);
      resolve({ raw: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), held: size });
    });
    req.once("error", (err) => stop(err));
  });
}
