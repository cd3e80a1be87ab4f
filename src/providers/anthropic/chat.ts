import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { ChatAdapter, StreamTranslator } from "../types.ts";
import { anthropicHeaders } from "./api.ts";
import { translateAnthropicError } from "./errors.ts";
import { toAnthropicRequest } from "./request.ts";
import { fromAnthropicResponse, isAnthropicResponse } from "./response.ts";
import { createStreamState, translateStreamEvent, usageOf } from "./stream.ts";
import type { AnthropicStreamEvent } from "./wire-types.ts";

const sse = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;

function streamTranslator(model: string, created: number, includeUsage: boolean): StreamTranslator {
  const state = createStreamState(model, created, includeUsage);
  let out = "";
  let finished = false;
  let failure: string | undefined;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      if (finished) return;
      let event: AnthropicStreamEvent;
      try {
        event = JSON.parse(message.data) as AnthropicStreamEvent;
      } catch {
        failure = "the provider sent a stream event that is not JSON";
        finished = true;
        return;
      }
      const step = translateStreamEvent(state, event);
      for (const chunk of step.chunks) out += sse(chunk);
      if (step.error) {
        failure = `${step.error.type}: ${step.error.message}`;
        finished = true;
      } else if (step.done) {
        out += "data: [DONE]\n\n";
        finished = true;
      }
    },
  });
  return {
    push(text) {
      parser.feed(text);
      const ready = out;
      out = "";
      return ready;
    },
    end() {
      if (!finished) failure = "the provider's stream ended before message_stop";
      return { text: out, ...(failure ? { error: failure } : {}) };
    },
    usage: () => (state.id ? usageOf(state) : undefined),
  };
}

/** Anthropic's Messages API: requests and answers translated both ways. */
export const anthropicChat: ChatAdapter = {
  chatRequest(target, { body }) {
    return {
      url: `${target.baseUrl}/v1/messages`,
      headers: { ...anthropicHeaders(target.apiKey), "content-type": "application/json" },
      body: JSON.stringify(toAnthropicRequest(body, target.modelName, target.maxTokens)),
    };
  },

  completion(bodyText, target, created) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bodyText);
    } catch {
      return undefined;
    }
    if (!isAnthropicResponse(parsed)) return undefined;
    const completion = fromAnthropicResponse(parsed, target.modelName, created);
    return { json: JSON.stringify(completion), usage: completion.usage };
  },

  streamTranslator: (target, created, includeUsage) => streamTranslator(target.modelName, created, includeUsage),
  error: translateAnthropicError,
};
