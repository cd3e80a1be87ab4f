import { badRequest } from "../../errors.ts";
import type { ChatCompletionRequest, ChatTool, ChatToolChoice } from "../openai/wire-types.ts";
import { convertMessages } from "./convert-messages.ts";
import type { AnthropicRequest, AnthropicTool, AnthropicToolChoice } from "./wire-types.ts";

/** Output limit when neither the request nor the model's settings name one (Anthropic requires it). */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * Parameters that would change the shape of the answer and that Anthropic cannot honour are refused
 * (400), so nothing is silently mistranslated. Parameters mapped below are translated; every other
 * parameter only tunes sampling or bookkeeping (frequency_penalty, seed, store, service_tier, ...) and
 * is dropped. The README lists both.
 */
const REFUSED: Record<string, (value: unknown) => string | undefined> = {
  n: (v) => (v === 1 || v === null ? undefined : "n > 1 is not supported for Anthropic profiles"),
  logprobs: (v) => (v ? "logprobs are not available from Anthropic profiles" : undefined),
  top_logprobs: (v) => (v ? "top_logprobs are not available from Anthropic profiles" : undefined),
  response_format: (v) =>
    (v as { type?: string } | null)?.type === "text" || v === null
      ? undefined
      : "response_format json_object/json_schema is not supported for Anthropic profiles; describe the format in the prompt",
  modalities: (v) => (Array.isArray(v) && v.some((m) => m !== "text") ? "only text output is available from Anthropic profiles" : undefined),
  audio: (v) => (v ? "audio output is not available from Anthropic profiles" : undefined),
  prediction: (v) => (v ? "predicted outputs are not available from Anthropic profiles" : undefined),
  functions: (v) => (v ? "legacy functions are not supported; send them as tools" : undefined),
  function_call: (v) => (v ? "legacy function_call is not supported; use tool_choice" : undefined),
};

function number(body: ChatCompletionRequest, name: string, min: number, max: number): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || Number.isNaN(value) || value < min || value > max) {
    throw badRequest(`${name} must be a number from ${min} to ${max} for Anthropic profiles.`, name);
  }
  return value;
}

function maxTokens(body: ChatCompletionRequest, modelMaxTokens: number | null): number {
  for (const name of ["max_completion_tokens", "max_tokens"]) {
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (!Number.isInteger(value) || (value as number) < 1) throw badRequest(`${name} must be a positive integer.`, name);
    return value as number;
  }
  return modelMaxTokens ?? DEFAULT_MAX_TOKENS;
}

function stopSequences(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const list = typeof stop === "string" ? [stop] : stop;
  if (!Array.isArray(list) || !list.every((s) => typeof s === "string")) {
    throw badRequest("stop must be a string or an array of strings.", "stop");
  }
  return list.length > 0 ? list : undefined;
}

function tools(value: unknown): AnthropicTool[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badRequest("tools must be an array.", "tools");
  return value.map((tool: ChatTool, i) => {
    if (tool?.type !== "function" || typeof tool.function?.name !== "string") {
      throw badRequest(`tools[${i}] must be {type: "function", function: {name, description?, parameters?}}.`, "tools");
    }
    return {
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      input_schema: tool.function.parameters ?? { type: "object", properties: {} },
    };
  });
}

function toolChoice(value: unknown, parallel: unknown): AnthropicToolChoice | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  const choice = value as ChatToolChoice | undefined | null;
  if (choice === undefined || choice === null) return parallel === false ? { type: "auto", ...disable } : undefined;
  if (choice === "auto") return { type: "auto", ...disable };
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any", ...disable };
  if (typeof choice === "object" && choice.type === "function" && typeof choice.function?.name === "string") {
    return { type: "tool", name: choice.function.name, ...disable };
  }
  throw badRequest("tool_choice must be auto, none, required or {type: \"function\", function: {name}}.", "tool_choice");
}

/** An OpenAI chat completion request as an Anthropic Messages request for `model`. */
export function toAnthropicRequest(body: ChatCompletionRequest, model: string, modelMaxTokens: number | null): AnthropicRequest {
  for (const [name, value] of Object.entries(body)) {
    const reason = REFUSED[name]?.(value);
    if (reason) throw badRequest(`${reason}.`, name);
  }
  const { system, messages } = convertMessages(body.messages);
  const temperature = number(body, "temperature", 0, 1);
  const topP = number(body, "top_p", 0, 1);
  const topK = number(body, "top_k", 0, Number.MAX_SAFE_INTEGER);
  const stop = stopSequences(body.stop);
  const toolList = tools(body.tools);
  const choice = toolChoice(body.tool_choice, body.parallel_tool_calls);
  const user = typeof body.user === "string" && body.user !== "" ? body.user : undefined;
  return {
    model,
    messages,
    max_tokens: maxTokens(body, modelMaxTokens),
    ...(system !== undefined ? { system } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { top_p: topP } : {}),
    ...(topK !== undefined ? { top_k: topK } : {}),
    ...(stop ? { stop_sequences: stop } : {}),
    ...(body.stream === true ? { stream: true } : {}),
    ...(toolList && toolList.length > 0 ? { tools: toolList } : {}),
    ...(choice && toolList && toolList.length > 0 ? { tool_choice: choice } : {}),
    ...(user ? { metadata: { user_id: user } } : {}),
  };
}
