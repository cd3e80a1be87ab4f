import { badRequest } from "../../errors.ts";
import { jsonAfter } from "../../proxy/json-after.ts";
import { fromAnthropicUsage, readAnthropicUsage } from "../../providers/anthropic/usage.ts";
import { streams } from "../read-values.ts";
import type { InboundDialect } from "../types.ts";
import { messagesErrorBody, messagesOpeningError, messagesStreamError } from "./errors.ts";
import { readMessagesRequest } from "./read-request.ts";
import { renderMessagesAnswer } from "./render-answer.ts";
import { createMessagesStreamRenderer } from "./render-stream.ts";

const usage = (value: unknown) => {
  const read = readAnthropicUsage(value);
  return read ? fromAnthropicUsage(read) : undefined;
};

/** Anthropic Messages: `POST /v1/messages` (Claude Code, the Anthropic SDKs). */
export const messagesDialect: InboundDialect = {
  id: "messages",
  check({ values }) {
    if (values.get("messages")?.kind !== "array") throw badRequest("messages: Field required. Send 'messages' as an array of turns.", "messages");
    return { stream: streams(values) };
  },
  promptKeys: ["system", "messages"],
  passThroughValues: {},
  toNeutral: readMessagesRequest,
  renderAnswer: renderMessagesAnswer,
  streamRenderer: (context) => createMessagesStreamRenderer(context),
  errorBody: messagesErrorBody,
  streamErrorFrame: messagesStreamError,
  answerName: "an Anthropic message",
  isAnswer: (body) => (body as { type?: unknown } | null)?.type === "message",
  usageOfAnswer: (body) => usage((body as { usage?: unknown }).usage),
  // Input usage comes in message_start, at the head; output (and, lately, input again) in the last message_delta.
  usageOfStream(head, tail) {
    const start = readAnthropicUsage(jsonAfter(head, '"usage":', "first"));
    const end = readAnthropicUsage(jsonAfter(tail, '"usage":', "last"));
    if (!start && !end) return undefined;
    return fromAnthropicUsage({ ...start, ...end });
  },
  streamEnding: (tail) => (/(^|\n)event: *message_stop/.test(tail) ? "complete" : /(^|\n)event: *error/.test(tail) ? "failed" : "cut"),
  openingError: messagesOpeningError,
};
