import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import { AppError, badRequest, notUtf8 } from "../errors.ts";
import type { InboundDialect } from "../inbound/types.ts";
import { agentStrings, type AgentStrings } from "./agent-strings.ts";
import { budgetExhausted } from "./body-budget.ts";
import { BodySyntaxError, BodyTooDeepError, scanBody, type BodyScan } from "./body-scan.ts";
import { BodyBudgetError, BodyTimeoutError, BodyTooLargeError, readBody, type BodyLimits } from "./read-body.ts";

/** Deeper bodies are refused: no model call needs them, and recursive code (the translations) must not meet them. */
export const MAX_BODY_DEPTH = 100;

/** An agent's model call as read from the wire, before any translation. */
export class AgentCall {
  #body: Record<string, unknown> | undefined;
  #strings: AgentStrings | undefined;

  constructor(
    /** The body's bytes as the agent sent them: a pass-through splices them, it does not re-serialise. */
    readonly raw: Buffer,
    /** Where the body's top-level values are in `raw`. */
    readonly scan: BodyScan,
    readonly stream: boolean,
    /** Bytes of the shared body budget this call holds until it is over. */
    readonly held: number,
  ) {}

  /** The agent's long strings, for writing a translated body (see agent-strings.ts). */
  get strings(): AgentStrings {
    return (this.#strings ??= agentStrings(this.raw, this.scan.longStrings));
  }

  /** The body as an object, parsed on first use: translations need it, a pass-through never does. */
  get body(): Record<string, unknown> {
    if (this.#body === undefined) {
      try {
        this.#body = JSON.parse(this.raw.toString("utf8")) as Record<string, unknown>;
      } catch (err) {
        throw badRequest(`Request body is not valid JSON (${(err as Error).message}).`);
      }
    }
    return this.#body;
  }
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
      throw budgetExhausted();
    }
    if (err instanceof BodyTimeoutError) {
      throw new AppError(408, "invalid_request_error", `The request body did not arrive within BODY_READ_TIMEOUT_MS (${limits.timeoutMs} ms).`);
    }
    throw err;
  }
  try {
    if (!isUtf8(raw)) throw notUtf8();
    // RFC 8259 lets a parser ignore a byte order mark, which some Windows tools put in front.
    if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) raw = raw.subarray(3);
    const scan = scanOf(raw, dialect);
    return new AgentCall(raw, scan, dialect.check(scan).stream, held);
  } catch (err) {
    limits.budget.give(held);
    throw err;
  }
}

function scanOf(raw: Buffer, dialect: InboundDialect): BodyScan {
  try {
    return scanBody(raw, dialect.promptKeys, MAX_BODY_DEPTH);
  } catch (err) {
    if (err instanceof BodyTooDeepError) throw badRequest(`Request body nests ${err.message}; at most ${MAX_BODY_DEPTH} are accepted.`);
    if (!(err instanceof BodySyntaxError)) throw err;
    throw badRequest(notAnObject(raw) ?? `Request body is not valid JSON (${err.message}).`);
  }
}

/** For a body that is JSON but not an object (an array, a string), the message that says so. */
function notAnObject(raw: Buffer): string | undefined {
  try {
    JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
  return "Request body must be a JSON object.";
}
