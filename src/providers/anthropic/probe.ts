// The smallest Messages API request that proves a profile can serve a model, and how to read its answer. Pure.
import { probeFailure, type ProbeTarget, type ProbeVerdict } from "../openai/probe.ts";
import type { UpstreamRequest } from "../types.ts";
import { anthropicHeaders } from "./api.ts";

export function anthropicProbeRequest(target: ProbeTarget): UpstreamRequest {
  return {
    url: `${target.baseUrl}/v1/messages`,
    headers: { ...anthropicHeaders(target.apiKey), "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ model: target.modelName, max_tokens: 1, messages: [{ role: "user", content: "Reply with one word." }] }),
  };
}

export function readAnthropicProbeAnswer(status: number, bodyText: string): ProbeVerdict {
  let parsed: { type?: unknown; error?: { type?: unknown; message?: unknown } } | undefined;
  try {
    parsed = JSON.parse(bodyText) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (status >= 200 && status <= 299) {
    return parsed?.type === "message"
      ? { ok: true }
      : { ok: false, reason: "bad_answer", message: "the provider answered 2xx with something that is not a Messages API message" };
  }
  const message = typeof parsed?.error?.message === "string" ? parsed.error.message : bodyText.trim();
  // Anthropic answers an unknown model with 404 not_found_error "model: <name>".
  const modelUnknown = status === 404 && (parsed?.error?.type === "not_found_error" || /model/i.test(message));
  return probeFailure(status, message, modelUnknown);
}
