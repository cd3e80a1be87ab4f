import type { Response } from "../../proxy/neutral.ts";
import { toChatFinishReason } from "../../providers/openai/finish-reason.ts";
import { toChatUsage } from "../../providers/openai/usage.ts";
import type { ChatCompletion, ChatToolCall } from "../../providers/openai/wire-types.ts";
import type { AnswerContext } from "../types.ts";

/** A neutral answer as a chat completion: text joined, tool calls as tool_calls, reasoning as reasoning_content. */
export function renderChatAnswer(answer: Response, { model, created }: AnswerContext): string {
  let text = "";
  let reasoning = "";
  const toolCalls: ChatToolCall[] = [];
  for (const part of answer.content) {
    if (part.type === "text") text += part.text;
    else if (part.type === "reasoning") reasoning += part.text;
    else toolCalls.push({ id: part.id, type: "function", function: { name: part.name, arguments: part.arguments } });
  }
  const completion: ChatCompletion = {
    id: answer.id,
    object: "chat.completion",
    created,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text === "" ? null : text,
          refusal: null,
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toChatFinishReason(answer.finishReason),
        logprobs: null,
      },
    ],
    usage: toChatUsage(answer.usage),
  };
  return JSON.stringify(completion);
}
