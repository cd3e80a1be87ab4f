import { badRequest } from "../../errors.ts";
import { jsonAfter } from "../../proxy/json-after.ts";
import { fromChatUsage } from "../../providers/openai/usage.ts";
import { streams } from "../read-values.ts";
import type { InboundDialect } from "../types.ts";
import { chatErrorBody, chatOpeningError, chatStreamError } from "./errors.ts";
import { readChatRequest } from "./read-request.ts";
import { renderChatAnswer } from "./render-answer.ts";
import { createChatStreamRenderer } from "./render-stream.ts";

/** OpenAI chat completions: `POST /v1/chat/completions`. */
export const chatDialect: InboundDialect = {
  id: "chat",
  check({ values }) {
    const messages = values.get("messages");
    if (messages?.kind !== "array" || messages.empty) {
      throw badRequest("'messages' must be a non-empty array of chat messages.", "messages");
    }
    return { stream: streams(values) };
  },
  promptKeys: ["messages"],
  passThroughValues: {},
  toNeutral: readChatRequest,
  renderAnswer: renderChatAnswer,
  streamRenderer: (context, body) =>
    createChatStreamRenderer(context, (body.stream_options as { include_usage?: unknown } | null | undefined)?.include_usage === true),
  errorBody: chatErrorBody,
  streamErrorFrame: chatStreamError,
  answerName: "a chat completion",
  isAnswer: (body) => Array.isArray((body as { choices?: unknown } | null)?.choices),
  usageOfAnswer: (body) => fromChatUsage((body as { usage?: unknown }).usage),
  // The usage chunk, when the agent asked for one, comes just before [DONE].
  usageOfStream: (_head, tail) => fromChatUsage(jsonAfter(tail, '"usage":', "last")),
  // [DONE] ends a stream; a finish_reason is enough from servers that leave [DONE] out.
  streamEnding: (tail) =>
    /(^|\n)data: *\[DONE\]/.test(tail) || /"finish_reason":\s*"/.test(tail) ? "complete" : /(^|\n)data: *\{"error"/.test(tail) ? "failed" : "cut",
  openingError: chatOpeningError,
};
