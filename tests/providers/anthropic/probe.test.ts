import { describe, expect, it } from "vitest";
import { anthropicProbeRequest, readAnthropicProbeAnswer } from "../../../src/providers/anthropic/probe.ts";

describe("anthropicProbeRequest", () => {
  it("asks the Messages API for one token with the profile's key", () => {
    const req = anthropicProbeRequest({ baseUrl: "https://a", apiKey: "sk-ant", modelName: "claude-x" });
    expect(req.url).toBe("https://a/v1/messages");
    expect(req.headers).toMatchObject({ "x-api-key": "sk-ant", "anthropic-version": "2023-06-01" });
    expect(JSON.parse(String(req.body))).toEqual({ model: "claude-x", max_tokens: 1, messages: [{ role: "user", content: "Reply with one word." }] });
  });
});

describe("readAnthropicProbeAnswer", () => {
  const error = (type: string, message: string) => JSON.stringify({ type: "error", error: { type, message } });

  it("accepts a message, and only that, as a 2xx", () => {
    expect(readAnthropicProbeAnswer(200, JSON.stringify({ type: "message", content: [] }))).toEqual({ ok: true });
    expect(readAnthropicProbeAnswer(200, JSON.stringify({ choices: [] }))).toMatchObject({ ok: false, reason: "bad_answer" });
  });

  it.each([
    [404, error("not_found_error", "model: claude-x"), "model_not_found"],
    [401, error("authentication_error", "invalid x-api-key"), "bad_key"],
    [429, error("rate_limit_error", "slow down"), "rate_limited"],
    [529, error("overloaded_error", "Overloaded"), "provider_error"],
    [400, error("invalid_request_error", "max_tokens: must be at least 1"), "rejected"],
  ])("reads HTTP %i as %s, with Anthropic's message", (status, body, reason) => {
    const verdict = readAnthropicProbeAnswer(status, body);
    expect(verdict).toEqual({ ok: false, reason, message: (JSON.parse(body) as { error: { message: string } }).error.message });
  });
});
