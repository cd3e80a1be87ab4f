import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";
import { ADMIN_KEY_HELP, AGENT_KEY_HELP } from "./auth/keys.ts";
import { isDatabaseUnreachable } from "./db/connection-errors.ts";

/** The one error type: an HTTP status and an OpenAI-shaped body whose message says what to fix. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param?: string,
    /** A machine-readable reason agents can branch on (OpenAI's `error.code`), e.g. `no_active_model`. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  toBody(): { error: { type: string; message: string; param?: string } } {
    return { error: { type: this.type, message: this.message, ...(this.param ? { param: this.param } : {}) } };
  }
}

export const badRequest = (message: string, param?: string) => new AppError(400, "invalid_request_error", message, param);
/** JSON is UTF-8 (RFC 8259): other bytes would reach the model, or be stored, as U+FFFD. */
export const notUtf8 = () => badRequest("Request body is not valid UTF-8: send JSON encoded as UTF-8.");
export const unauthorized = (message: string) => new AppError(401, "authentication_error", message);
export const forbidden = (message: string) => new AppError(403, "permission_error", message);
export const notFound = (message: string) => new AppError(404, "not_found_error", message);
export const conflict = (message: string) => new AppError(409, "conflict_error", message);
export const databaseUnreachable = () =>
  new AppError(503, "service_unavailable", "The database is unreachable; nothing was changed. Retry when it is back (GET /readyz shows it).");

interface ValidatorIssue {
  path?: string;
  message?: string;
  errorCode?: string;
}

// Plain words for the contract's patterns, which are unreadable as regular expressions.
const PATTERN_MEANINGS: Record<string, string> = {
  "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$": "must not be blank or contain NUL characters",
  "^(?![\\s\\S]*::)[^\\u0000]*[^\\s\\u0000][^\\u0000]*$": "must not be blank and must not contain '::' or NUL characters",
  "^https?://[^\\s/?#\\u0000]+[^\\s\\u0000]*$": "must be an http(s) URL such as https://api.example.com/v1",
  "^[!-~]+$": "must be printable ASCII without spaces",
  "^[^\\u0000]+$": "must not contain NUL characters",
  "^[1-9][0-9]{0,3}[hd]$": "must be a number of hours or days such as 1h, 24h or 7d",
  "^([1-5][0-9]{2}|[1-5]xx|error)$": "must be an HTTP status (429), a class (4xx, 5xx) or error",
}

function describeIssue(issue: ValidatorIssue): { text: string; field?: string } {
  const [location = "request", ...rest] = (issue.path ?? "").split("/").filter(Boolean);
  const field = rest.join(".") || undefined;
  const where = location === "body" ? "body field" : location === "query" ? "query parameter" : location === "params" ? "path parameter" : location;
  const keyword = issue.errorCode?.split(".")[0];
  if (keyword === "additionalProperties") return { text: `Unknown ${where} '${field}': remove it.`, field };
  if (keyword === "required") return { text: `Missing required ${where} '${field}'.`, field };
  let message = issue.message ?? "is invalid";
  // Some of the validator's messages are whole sentences that already name the field.
  if (field && message.includes(`'${field}'`)) {
    const sentence = message.replace(/[.']+$/, (end) => (end.startsWith("'") ? "'" : ""));
    const fix = sentence.startsWith("Unknown ") ? ": remove it" : sentence.startsWith("Empty value") ? ": give it a value or leave it out" : "";
    return { text: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${fix}.`, field };
  }
  if (/malformed uri/i.test(message)) return { text: "The URL is malformed: a '%' in it must begin an escape such as %2F." };
  const pattern = /^must match pattern "(.*)"$/.exec(message)?.[1];
  if (pattern !== undefined) message = PATTERN_MEANINGS[pattern] ?? message;
  return { text: field ? `The ${where} '${field}' ${message}.` : `The ${where} ${message}.`, field };
}

function fromValidator(status: number, errors: ValidatorIssue[], fallback: string, path: string): AppError {
  switch (status) {
    case 400: {
      const issues = errors.map(describeIssue);
      return badRequest(issues.map((i) => i.text).join(" ") || fallback, issues[0]?.field);
    }
    case 401:
      return unauthorized(path.startsWith("/admin") ? ADMIN_KEY_HELP : AGENT_KEY_HELP);
    case 404:
      return notFound(`No route ${path}. See /docs for the API.`);
    case 405:
      return new AppError(405, "invalid_request_error", `${fallback}. See /docs for the methods of this route.`);
    case 413:
      return new AppError(413, "request_too_large", fallback);
    case 415:
      return new AppError(415, "invalid_request_error", "Send the body as JSON with 'Content-Type: application/json'.");
    default:
      return new AppError(status, "invalid_request_error", fallback);
  }
}

interface LooseError {
  status?: number;
  type?: string;
  message?: string;
  errors?: ValidatorIssue[];
  limit?: number;
}

/** Maps any thrown value to an AppError; unknown errors become a bare 500 whose cause is only logged. */
export function toAppError(err: unknown, path = ""): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as LooseError;
  if (e.type === "entity.parse.failed") {
    return badRequest(`Malformed JSON body: ${e.message ?? "cannot parse"}. Send valid JSON.`);
  }
  if (e.type === "entity.too.large") {
    return new AppError(413, "request_too_large", `Request body is larger than the ${Math.round((e.limit ?? 0) / 1024)} KB limit.`);
  }
  if (e.type === "encoding.unsupported" || e.type === "charset.unsupported") {
    return new AppError(415, "invalid_request_error", e.message ?? "Unsupported body encoding.");
  }
  if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    return fromValidator(e.status, e.errors ?? [], e.message ?? "Bad request", path);
  }
  if (isDatabaseUnreachable(err)) return databaseUnreachable();
  return new AppError(500, "internal_error", "Internal error. The details are in the service log.");
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err, req.path);
    if (appError.status === 503) logger.warn({ err: (err as Error).message, method: req.method, path: req.path }, "database unreachable");
    else if (appError.status >= 500) logger.error({ err, method: req.method, path: req.path }, "request failed");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(appError.status).json(appError.toBody());
  };
}
