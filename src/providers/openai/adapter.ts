import type { ProviderAdapter } from "../types.ts";
import { modelListRequest } from "./api.ts";
import { readChatAnswer } from "./answer.ts";
import { readOpenAIError } from "./errors.ts";
import { toChatRequest } from "./request.ts";
import { createChatStreamReader } from "./stream-reader.ts";
import { stringifyWithAgentStrings } from "../../proxy/agent-strings.ts";

function headers(apiKey: string, forwarded: Record<string, string> = {}): Record<string, string> {
  return { ...forwarded, authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
}

/**
 * OpenAI and servers compatible with it: chat completions (and Responses, for profiles that serve it) go
 * through unchanged but for `model`; other agents are translated to chat completions.
 */
export const openaiAdapter: ProviderAdapter = {
  returnedHeaders: /^(x-request-id|openai-|x-ratelimit-|retry-after$)/,
  modelListRequest,
  passesThrough: (dialect, target) => dialect === "chat" || (dialect === "responses" && target.speaksResponses),

  passThroughRequest(target, { dialect, body, forwardedHeaders }) {
    return {
      url: `${target.baseUrl}${dialect === "responses" ? "/responses" : "/chat/completions"}`,
      headers: headers(target.apiKey, forwardedHeaders),
      body,
    };
  },

  request(target, request, strings) {
    return { url: `${target.baseUrl}/chat/completions`, headers: headers(target.apiKey), body: stringifyWithAgentStrings(toChatRequest(request, target), strings) };
  },

  readAnswer: (text, _asked, target) => readChatAnswer(text, target.modelName),
  streamReader: (_asked, target) => createChatStreamReader(target.modelName),
  readError: readOpenAIError,
};
