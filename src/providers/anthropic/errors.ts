import type { OpenAIErrorBody } from "../openai/wire-types.ts";

/** Anthropic's error types, named as OpenAI names the same kind of failure. */
const TYPE_NAMES: Record<string, string> = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "authentication_error",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  request_too_large: "invalid_request_error",
  rate_limit_error: "rate_limit_error",
  api_error: "api_error",
  overloaded_error: "overloaded_error",
};

/** An Anthropic error body (or whatever came instead) in OpenAI's error shape, naming the profile. */
export function translateAnthropicError(status: number, bodyText: string, profileName: string): OpenAIErrorBody {
  let type = status >= 500 ? "api_error" : "invalid_request_error";
  let message = bodyText.slice(0, 500) || `HTTP ${status}`;
  try {
    const parsed = JSON.parse(bodyText) as { error?: { type?: unknown; message?: unknown } };
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
    if (typeof parsed.error?.type === "string") type = TYPE_NAMES[parsed.error.type] ?? parsed.error.type;
  } catch {
    // not JSON: keep the start of the text
  }
  return { error: { message: `Profile '${profileName}' (anthropic) answered ${status}: ${message}`, type, param: null, code: null } };
}
