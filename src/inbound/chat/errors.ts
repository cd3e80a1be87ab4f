import type { AppError } from "../../errors.ts";

// Types OpenAI's SDKs and agents know; a provider's other types are named by the status they came with.
const OPENAI_TYPES = new Set([
  "invalid_request_error", "authentication_error", "permission_error", "not_found_error", "rate_limit_error",
  "api_error", "server_error", "overloaded_error", "timeout", "upstream_error", "request_too_large", "internal_error",
  "conflict_error", "insufficient_quota",
]);

function openaiType(error: AppError): string {
  if (OPENAI_TYPES.has(error.type)) return error.type;
  return error.status >= 500 ? "api_error" : "invalid_request_error";
}

function body(error: AppError) {
  return { error: { message: error.message, type: openaiType(error), param: error.param ?? null, code: error.code ?? null } };
}

/** An error in OpenAI's shape, so SDKs surface `message` to the agent. */
export function chatErrorBody(error: AppError): string {
  return JSON.stringify(body(error));
}

/** The final event of a stream that failed after it started: OpenAI's SDKs raise it as an error. */
export function chatStreamError(error: AppError): string {
  return `data: ${JSON.stringify(body(error))}\n\n`;
}

/** The `{"error": …}` a chat stream opened with, if it did. */
export function chatOpeningError(firstEvent: string): { type: string; message: string } | undefined {
  if (!firstEvent.includes('"error"')) return undefined;
  const data = /^data:\s?(.*)$/m.exec(firstEvent)?.[1];
  try {
    const error = (JSON.parse(data ?? "") as { error?: { type?: unknown; message?: unknown } }).error;
    if (!error || typeof error !== "object") return undefined;
    return { type: typeof error.type === "string" ? error.type : "api_error", message: typeof error.message === "string" ? error.message : "stream error" };
  } catch {
    return undefined;
  }
}
