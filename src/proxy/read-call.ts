import type { IncomingMessage } from "node:http";
import { AppError, badRequest } from "../errors.ts";
import type { InboundDialect } from "../inbound/types.ts";
import { bodyLayout, MAX_BODY_DEPTH, type BodyLayout } from "./body-layout.ts";
import { BodyBudgetError, BodyTimeoutError, BodyTooLargeError, readBody, type BodyLimits } from "./read-body.ts";

/** An agent's model call as read from the wire, before any translation. */
export interface AgentCall {
  body: Record<string, unknown>;
  raw: Buffer;
  layout: BodyLayout | undefined;
  stream: boolean;
  /** Bytes of the shared body budget this call holds until it is over. */
  held: number;
}

/** Headers for a refused body: close a connection whose body was not read; ask for a retry when the budget is full. */
export function refusalHeaders(error: AppError): Record<string, string> {
  if (error.status === 413 || error.status === 408) return { connection: "close" };
  if (error.code === "body_budget_exhausted") return { "retry-after": "1", connection: "close" };
  return {};
}

/** Reads and checks an agent's request body: within the size limit, a JSON object, not too deep, of the dialect's shape. */
export async function readCall(req: IncomingMessage, dialect: InboundDialect, limits: BodyLimits): Promise<AgentCall> {
  let raw: Buffer;
  let held: number;
  try {
    ({ raw, held } = await readBody(req, limits));
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      throw new AppError(413, "request_too_large", `Request body is larger than MAX_REQUEST_BODY_MB (${limits.limit / 1024 / 1024} MB).`);
    }
    if (err instanceof BodyBudgetError) {
      throw new AppError(503, "overloaded_error", "The switcher holds as many request bodies as MAX_INFLIGHT_BODY_MB allows; retry shortly.", undefined, "body_budget_exhausted");
    }
    if (err instanceof BodyTimeoutError) {
      throw new AppError(408, "invalid_request_error", `The request body did not arrive within BODY_READ_TIMEOUT_MS (${limits.timeoutMs} ms).`);
    }
    throw err;
  }
  try {
    return { ...parse(raw, dialect), raw, held };
  } catch (err) {
    limits.budget.give(held);
    throw err;
  }
}

function parse(raw: Buffer, dialect: InboundDialect): Omit<AgentCall, "raw" | "held"> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw badRequest(`Request body is not valid JSON (${(err as Error).message}).`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("Request body must be a JSON object.");
  const object = body as Record<string, unknown>;
  const { stream } = dialect.check(object);
  const layout = bodyLayout(raw, object, dialect.promptKeys);
  if (layout && layout.depth > MAX_BODY_DEPTH) {
    throw badRequest(`Request body nests ${layout.depth} levels deep; at most ${MAX_BODY_DEPTH} are accepted.`);
  }
  return { body: object, layout, stream };
}
