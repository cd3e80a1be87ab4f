import { badRequest } from "../../errors.ts";
import { jsonAfter } from "../../proxy/json-after.ts";
import { streams } from "../read-values.ts";
import type { InboundDialect } from "../types.ts";
import { responsesErrorBody, responsesOpeningError, responsesStreamError } from "./errors.ts";
import { readResponsesRequest } from "./read-request.ts";
import { renderResponsesAnswer } from "./render-answer.ts";
import { createResponsesStreamRenderer } from "./render-stream.ts";
import { fromResponsesUsage } from "./usage.ts";

const FULL_INPUT = "The switcher keeps no conversation state: send the whole conversation in `input` (with store: false).";

/** OpenAI Responses: `POST /v1/responses` (Codex, the OpenAI Agents SDK, the AI SDK's default openai model). */
export const responsesDialect: InboundDialect = {
  id: "responses",
  check({ values }) {
    const given = (key: string) => (values.get(key)?.kind ?? "null") !== "null";
    if (given("previous_response_id")) throw badRequest(`previous_response_id needs stored state. ${FULL_INPUT}`, "previous_response_id");
    if (given("conversation")) throw badRequest(`conversation needs stored state. ${FULL_INPUT}`, "conversation");
    if (values.get("background")?.kind === "true") throw badRequest("background responses need stored state; call without background and keep the connection open (stream: true).", "background");
    if (!given("input")) throw badRequest("input is required: a string, or an array of input items.", "input");
    return { stream: streams(values) };
  },
  promptKeys: ["instructions", "input"],
  // The switcher keeps no state, so nothing may be stored for a later previous_response_id either
  // (and OpenAI stores by default when store is left out).
  passThroughValues: { store: false },
  toNeutral: readResponsesRequest,
  renderAnswer: renderResponsesAnswer,
  streamRenderer: createResponsesStreamRenderer,
  errorBody: responsesErrorBody,
  streamErrorFrame: responsesStreamError,
  answerName: "a Responses object",
  isAnswer: (body) => (body as { object?: unknown } | null)?.object === "response",
  usageOfAnswer: (body) => fromResponsesUsage((body as { usage?: unknown }).usage),
  // response.completed ends the stream, and its usage sits at the end of its response.
  usageOfStream: (_head, tail) => fromResponsesUsage(jsonAfter(tail, '"usage":', "last")),
  // The final event carries the whole response, whose start (and "type") can be far before the last
  // bytes kept; its usage, last in the response, is within them (earlier events have usage null).
  streamEnding: (tail) =>
    /"type": *"(response\.failed|error)"/.test(tail)
      ? "failed"
      : /"type": *"response\.(completed|incomplete)"/.test(tail) || /"usage": *\{/.test(tail)
        ? "complete"
        : "cut",
  openingError: responsesOpeningError,
};
