import type { ProviderAdapter } from "../types.ts";
import { stringifyWithAgentStrings } from "../../proxy/agent-strings.ts";
import { ANTHROPIC_VERSION, anthropicHeaders, modelListRequest } from "./api.ts";
import { readAnthropicAnswer } from "./answer.ts";
import { readAnthropicError } from "./errors.ts";
import { toAnthropicRequest } from "./request.ts";
import { createAnthropicStreamReader } from "./stream-reader.ts";

const PATHS = { generate: "/v1/messages", count_tokens: "/v1/messages/count_tokens" } as const;

/**
 * Anthropic's Messages API: Messages agents go through unchanged but for `model`, with their own
 * anthropic-version and anthropic-beta; other agents are translated to Messages.
 */
export const anthropicAdapter: ProviderAdapter = {
  returnedHeaders: /^(anthropic-ratelimit-|request-id$|retry-after$|x-request-id$)/,
  modelListRequest,
  passesThrough: (dialect) => dialect === "messages",

  passThroughRequest(target, { operation, body, forwardedHeaders }) {
    return {
      url: `${target.baseUrl}${PATHS[operation]}`,
      headers: {
        "anthropic-version": ANTHROPIC_VERSION,
        ...forwardedHeaders,
        "x-api-key": target.apiKey,
        "content-type": "application/json",
      },
      body,
    };
  },

  request(target, request, strings) {
    return {
      url: `${target.baseUrl}${PATHS.generate}`,
      headers: { ...anthropicHeaders(target.apiKey), "content-type": "application/json" },
      body: stringifyWithAgentStrings(toAnthropicRequest(request, target), strings),
    };
  },

  readAnswer: (text, asked, target) => readAnthropicAnswer(text, asked, target.modelName),
  streamReader: (asked, target) => createAnthropicStreamReader(asked, target.modelName),
  readError: readAnthropicError,
};
