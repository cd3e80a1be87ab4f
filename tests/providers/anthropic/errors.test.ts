import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.ts";
import { chatErrorBody } from "../../../src/inbound/chat/errors.ts";
import { messagesErrorBody } from "../../../src/inbound/messages/errors.ts";
import { readAnthropicError } from "../../../src/providers/anthropic/errors.ts";
import { readOpenAIError } from "../../../src/providers/openai/errors.ts";

describe("provider errors, read in their own words", () => {
  it.each([
    [400, '{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}', "invalid_request_error", "bad"],
    [529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', "overloaded_error", "Overloaded"],
    [413, '{"type":"error","error":{"type":"request_too_large","message":"too big"}}', "request_too_large", "too big"],
    [502, "<html>bad gateway</html>", "api_error", "<html>bad gateway</html>"],
  ])("anthropic %i %s", (status, body, type, message) => {
    expect(readAnthropicError(status, body)).toEqual({ type, message });
  });

  it.each([
    [401, '{"error":{"message":"bad key","type":"invalid_request_error","code":"invalid_api_key"}}', "bad key", "invalid_api_key"],
    [404, '{"error":"model not found"}', "model not found", undefined],
    [500, '{"message":"boom"}', "boom", undefined],
    [503, "", "HTTP 503", undefined],
  ])("openai-style %i %s", (status, body, message, code) => {
    const out = readOpenAIError(status, body);
    expect(out.message).toBe(message);
    expect(out.code).toBe(code);
  });
});

describe("errors in the agent's dialect", () => {
  it.each([
    [new AppError(413, "request_too_large", "too big"), "request_too_large", "request_too_large"],
    [new AppError(529, "overloaded_error", "busy"), "overloaded_error", "overloaded_error"],
    [new AppError(504, "timeout", "slow"), "timeout", "timeout_error"],
    [new AppError(502, "upstream_error", "reset"), "upstream_error", "api_error"],
    [new AppError(401, "authentication_error", "key"), "authentication_error", "authentication_error"],
    [new AppError(400, "some_provider_type", "odd"), "invalid_request_error", "invalid_request_error"],
  ])("%s → OpenAI type %s, Anthropic type %s", (error, openaiType, anthropicType) => {
    expect(JSON.parse(chatErrorBody(error))).toEqual({ error: { message: error.message, type: openaiType, param: null, code: null } });
    expect(JSON.parse(messagesErrorBody(error))).toEqual({ type: "error", error: { type: anthropicType, message: error.message } });
  });
});
