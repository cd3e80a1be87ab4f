import type { IncomingMessage } from "node:http";
import { AppError, badRequest } from "../errors.ts";
import type { InboundDialect } from "../inbound/types.ts";
import { bodyLayout, MAX_BODY_DEPTH, type BodyLayout } from "./body-layout.ts";
import { BodyTooLargeError, readBody } from "./read-body.ts";

/** An agent's model call as read from the wire, before any translation. */
export interface AgentCall {
  body: Record<string, unknown>;
  raw: Buffer;
  layout: BodyLayout | undefined;
  stream: boolean;
}

/** Reads and checks an agent's request body: within the size limit, a JSON object, not too deep, of the dialect's shape. */
export async function readCall(req: IncomingMessage, dialect: InboundDialect, limit: number): Promise<AgentCall> {
  let raw: Buffer;
  try {
    raw = await readBody(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      throw new AppError(413, "request_too_large", `Request body is larger than MAX_REQUEST_BODY_MB (${limit / 1024 / 1024} MB).`);
    }
    throw err;
  }
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
  return { body: object, raw, layout, stream };
}
