import { NO_USAGE, type StreamEvent } from "../../proxy/neutral.ts";
import { toChatFinishReason } from "../../providers/openai/finish-reason.ts";
import { toChatUsage } from "../../providers/openai/usage.ts";
import type { ChatCompletionChunk } from "../../providers/openai/wire-types.ts";
import type { AnswerContext, StreamRenderer } from "../types.ts";
import { chatStreamError } from "./errors.ts";

type Delta = ChatCompletionChunk["choices"][number]["delta"];

/** Neutral stream events as chat.completion.chunk events, ending with usage (when asked for) and [DONE]. */
export function createChatStreamRenderer({ model, created }: AnswerContext, includeUsage: boolean): StreamRenderer {
  let id = "";
  let tools = -1;
  const sse = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
  const chunk = (delta: Delta, finish: ChatCompletionChunk["choices"][number]["finish_reason"] = null): string =>
    sse({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...(includeUsage ? { usage: null } : {}),
    } satisfies ChatCompletionChunk);

  return {
    event(event: StreamEvent): string {
      switch (event.type) {
        case "start":
          id = event.id;
          return chunk({ role: "assistant", content: "" });
        case "text_delta":
          return chunk({ content: event.text });
        case "reasoning_delta":
          return chunk({ reasoning_content: event.text });
        case "tool_call_start":
          tools++;
          return chunk({ tool_calls: [{ index: tools, id: event.id, type: "function", function: { name: event.name, arguments: "" } }] });
        case "tool_call_delta":
          return chunk({ tool_calls: [{ index: tools, function: { arguments: event.arguments } }] });
        case "finish": {
          let out = chunk({}, toChatFinishReason(event.reason));
          if (includeUsage) out += sse({ id, object: "chat.completion.chunk", created, model, choices: [], usage: toChatUsage(event.usage ?? NO_USAGE) });
          return `${out}data: [DONE]\n\n`;
        }
        case "text_start":
        case "reasoning_start":
        case "reasoning_opaque":
        case "block_end":
          return "";
        default: {
          const exhaustive: never = event;
          return exhaustive;
        }
      }
    },
    fail: chatStreamError,
  };
}
