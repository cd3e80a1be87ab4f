const TYPE_FOR_STATUS = new Map<number, string>([
  [400, "invalid_request_error"],
  [401, "authentication_error"],
  [402, "billing_error"],
  [403, "permission_error"],
  [404, "not_found_error"],
  [413, "request_too_large"],
  [429, "rate_limit_error"],
  [503, "overloaded_error"],
  [504, "timeout_error"],
  [529, "overloaded_error"],
]);

/**
 * An error's type named from its HTTP status alone, in the words of Anthropic's API (OpenAI's SDKs go by
 * the status): for a provider error whose body names none, and for Anthropic agents.
 */
export function errorTypeForStatus(status: number): string {
  return TYPE_FOR_STATUS.get(status) ?? (status >= 500 ? "api_error" : "invalid_request_error");
}
