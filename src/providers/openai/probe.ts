// The smallest request that proves a profile can serve a model, and how to read its answer. Pure.
import type { UpstreamRequest } from "../types.ts";

export interface ProbeTarget {
  baseUrl: string;
  apiKey: string;
  modelName: string;
}

export type ProbeFailureReason = "model_not_found" | "bad_key" | "rate_limited" | "rejected" | "provider_error" | "bad_answer";

/** What a provider's answer to a probe says; `message` is the provider's own words when it gave any. */
export type ProbeVerdict = { ok: true } | { ok: false; reason: ProbeFailureReason; message: string };

/** Which field carries the output limit: OpenAI's reasoning models refuse `max_tokens`, older compatible servers ignore the newer name. */
export type OpenAITokenField = "max_tokens" | "max_completion_tokens";

const PROBE_PROMPT = "Reply with one word.";
const MODEL_UNKNOWN = /model/i;

export function openaiProbeRequest(target: ProbeTarget, tokenField: OpenAITokenField): UpstreamRequest {
  return {
    url: `${target.baseUrl}/chat/completions`,
    headers: { authorization: `Bearer ${target.apiKey}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ model: target.modelName, messages: [{ role: "user", content: PROBE_PROMPT }], [tokenField]: 1, stream: false }),
  };
}

interface ErrorFields {
  message: string;
  code: string | undefined;
}

/** The error text and code of an OpenAI-style error body; compatible servers use several shapes. */
function errorFields(bodyText: string): ErrorFields {
  try {
    const parsed = JSON.parse(bodyText) as { error?: unknown; message?: unknown; detail?: unknown };
    const error = parsed.error as { message?: unknown; code?: unknown } | string | undefined;
    if (typeof error === "string") return { message: error, code: undefined };
    if (error && typeof error.message === "string") return { message: error.message, code: typeof error.code === "string" ? error.code : undefined };
    if (typeof parsed.message === "string") return { message: parsed.message, code: undefined };
    if (typeof parsed.detail === "string") return { message: parsed.detail, code: undefined };
  } catch {
    // not JSON: the text says more than nothing (cut short once scrubbed of the key)
  }
  return { message: bodyText.trim(), code: undefined };
}

/**
 * The verdict for a non-2xx answer, shared by every dialect: a 404 (or a 400 naming the model as unknown,
 * as some compatible servers answer) is a wrong model name; 401/403 a key the provider refuses.
 */
export function probeFailure(status: number, message: string, modelUnknown: boolean): ProbeVerdict {
  const text = message || `HTTP ${status}`;
  if (modelUnknown) return { ok: false, reason: "model_not_found", message: text };
  if (status === 401 || status === 403) return { ok: false, reason: "bad_key", message: text };
  if (status === 429) return { ok: false, reason: "rate_limited", message: text };
  if (status >= 500) return { ok: false, reason: "provider_error", message: text };
  if (status === 404) return { ok: false, reason: "rejected", message: `${text} (is the profile's base_url right?)` };
  return { ok: false, reason: "rejected", message: text };
}

export function readOpenAIProbeAnswer(status: number, bodyText: string): ProbeVerdict {
  if (status >= 200 && status <= 299) {
    try {
      if (Array.isArray((JSON.parse(bodyText) as { choices?: unknown }).choices)) return { ok: true };
    } catch {
      // fall through: not a completion
    }
    return { ok: false, reason: "bad_answer", message: "the provider answered 2xx with something that is not a chat completion" };
  }
  const { message, code } = errorFields(bodyText);
  const modelUnknown =
    code === "model_not_found" || ((status === 404 || status === 400) && MODEL_UNKNOWN.test(message) && /not (found|exist|a valid)|does ?n[o']t exist|unknown|invalid/i.test(message));
  return probeFailure(status, message, modelUnknown);
}
