import { describe, expect, it } from "vitest";
import { readOpenAIError } from "../../src/providers/openai/errors.ts";
import { readAnthropicError } from "../../src/providers/anthropic/errors.ts";
import { errorTypeForStatus } from "../../src/providers/error-type.ts";

describe("errorTypeForStatus", () => {
  it.each([
    [400, "invalid_request_error"], [401, "authentication_error"], [403, "permission_error"], [404, "not_found_error"],
    [429, "rate_limit_error"], [418, "invalid_request_error"], [500, "api_error"], [503, "overloaded_error"], [529, "overloaded_error"],
  ])("%i → %s", (status, type) => {
    expect(errorTypeForStatus(status)).toBe(type);
  });

  it("names the error of a provider whose body names none (an empty 429, an HTML 529)", () => {
    expect(readOpenAIError(429, "")).toEqual({ type: "rate_limit_error", message: "HTTP 429" });
    expect(readAnthropicError(529, "<html>busy</html>")).toEqual({ type: "overloaded_error", message: "<html>busy</html>" });
  });
});
