import { describe, expect, it } from "vitest";
import { translateAnthropicError } from "../../../src/providers/anthropic/errors.ts";
import { translateOpenAIError } from "../../../src/providers/openai/errors.ts";

describe("provider errors in OpenAI's shape", () => {
  it.each([
    [400, '{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}', "invalid_request_error", "bad"],
    [529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', "overloaded_error", "Overloaded"],
    [413, '{"type":"error","error":{"type":"request_too_large","message":"too big"}}', "invalid_request_error", "too big"],
    [502, "<html>bad gateway</html>", "api_error", "<html>bad gateway</html>"],
  ])("anthropic %i %s", (status, body, type, message) => {
    expect(translateAnthropicError(status, body, "claude")).toEqual({
      error: { type, message: `Profile 'claude' (anthropic) answered ${status}: ${message}`, param: null, code: null },
    });
  });

  it.each([
    [401, '{"error":{"message":"bad key","type":"invalid_request_error","code":"invalid_api_key"}}', "bad key", "invalid_api_key"],
    [404, '{"error":"model not found"}', "model not found", null],
    [500, '{"message":"boom"}', "boom", null],
    [503, "", "HTTP 503", null],
  ])("openai-style %i %s", (status, body, message, code) => {
    const out = translateOpenAIError(status, body, "p");
    expect(out.error.message).toBe(`Profile 'p' answered ${status}: ${message}`);
    expect(out.error.code).toBe(code);
  });
});
