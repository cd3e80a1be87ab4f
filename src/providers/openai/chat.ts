import type { ChatAdapter } from "../types.ts";
import { translateOpenAIError } from "./errors.ts";
import type { ChatUsage } from "./wire-types.ts";
import { withModel } from "./with-model.ts";

/** OpenAI and compatible servers: the body goes unchanged but for `model`, the answer comes back as is. */
export const openaiChat: ChatAdapter = {
  chatRequest(target, { body, raw, layout, forwardedHeaders }) {
    return {
      url: `${target.baseUrl}/chat/completions`,
      headers: { ...forwardedHeaders, authorization: `Bearer ${target.apiKey}`, "content-type": "application/json" },
      body: withModel(raw, layout?.model, body, target.modelName),
    };
  },

  completion(bodyText) {
    let parsed: { choices?: unknown; usage?: ChatUsage | null };
    try {
      parsed = JSON.parse(bodyText) as typeof parsed;
    } catch {
      return undefined;
    }
    if (typeof parsed !== "object" || parsed === null || !Array.isArray(parsed.choices)) return undefined;
    return { json: bodyText, usage: parsed.usage ?? undefined };
  },

  streamTranslator: () => undefined,
  error: translateOpenAIError,
};
