import { describe, expect, it } from "vitest";
import { openaiProbeRequest, readOpenAIProbeAnswer } from "../../../src/providers/openai/probe.ts";

const target = { baseUrl: "http://p/v1", apiKey: "sk-k", modelName: "m" };

describe("openaiProbeRequest", () => {
  it("asks for one token, no tools, with the output limit under the field the provider expects", () => {
    for (const field of ["max_tokens", "max_completion_tokens"] as const) {
      const req = openaiProbeRequest(target, field);
      expect(req.url).toBe("http://p/v1/chat/completions");
      expect(req.headers.authorization).toBe("Bearer sk-k");
      expect(JSON.parse(String(req.body))).toEqual({ model: "m", messages: [{ role: "user", content: "Reply with one word." }], [field]: 1, stream: false });
    }
  });
});

describe("readOpenAIProbeAnswer", () => {
  const error = (message: string, code?: string) => JSON.stringify({ error: { message, type: "invalid_request_error", code: code ?? null } });

  it("accepts a chat completion, and only that, as a 2xx", () => {
    expect(readOpenAIProbeAnswer(200, JSON.stringify({ choices: [] }))).toEqual({ ok: true });
    expect(readOpenAIProbeAnswer(200, "<html>")).toMatchObject({ ok: false, reason: "bad_answer" });
  });

  it.each([
    ["OpenAI's 404", 404, error("The model `m` does not exist or you do not have access to it.", "model_not_found"), "model_not_found"],
    ["vLLM's 404", 404, JSON.stringify({ object: "error", message: "The model `m` does not exist.", type: "NotFoundError" }), "model_not_found"],
    ["Ollama's 404", 404, JSON.stringify({ error: "model 'm' not found" }), "model_not_found"],
    ["a 400 naming an invalid model", 400, error("m is not a valid model ID"), "model_not_found"],
    ["a 404 that is not about a model", 404, "404 page not found", "rejected"],
    ["another 400", 400, error("messages: too short"), "rejected"],
    ["401", 401, error("Incorrect API key provided"), "bad_key"],
    ["403", 403, error("Project does not have access"), "bad_key"],
    ["429", 429, error("Rate limit reached"), "rate_limited"],
    ["503", 503, "", "provider_error"],
  ])("reads %s as %s", (_name, status, body, reason) => {
    expect(readOpenAIProbeAnswer(status, body)).toMatchObject({ ok: false, reason });
  });

  it("passes the provider's message on, and hints at base_url for a bare 404", () => {
    expect(readOpenAIProbeAnswer(401, error("Incorrect API key provided"))).toEqual({ ok: false, reason: "bad_key", message: "Incorrect API key provided" });
    expect(readOpenAIProbeAnswer(404, "404 page not found")).toEqual({ ok: false, reason: "rejected", message: "404 page not found (is the profile's base_url right?)" });
    expect(readOpenAIProbeAnswer(503, "")).toEqual({ ok: false, reason: "provider_error", message: "HTTP 503" });
  });
});
