import { errorTypeForStatus } from "../error-type.ts";
import type { ProviderError } from "../types.ts";

/** Anthropic's error types and the status each comes with (docs: "HTTP errors"). */
export const ANTHROPIC_ERROR_STATUS = new Map<string, number>([
  ["invalid_request_error", 400],
  ["authentication_error", 401],
  ["billing_error", 402],
  ["permission_error", 403],
  ["not_found_error", 404],
  ["request_too_large", 413],
  ["rate_limit_error", 429],
  ["api_error", 500],
  ["timeout_error", 504],
  ["overloaded_error", 529],
]);

/** An Anthropic error body (or whatever came instead) in its own words. */
export function readAnthropicError(status: number, bodyText: string): ProviderError {
  let type = errorTypeForStatus(status);
  let message = bodyText || `HTTP ${status}`;
  try {
    const parsed = JSON.parse(bodyText) as { error?: { type?: unknown; message?: unknown } };
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
    if (typeof parsed.error?.type === "string") type = parsed.error.type;
  } catch {
    // not JSON: the text itself (cut short, once scrubbed of the key, where it reaches an agent)
  }
  return { type, message };
}
