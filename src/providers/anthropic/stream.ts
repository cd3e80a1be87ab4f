import type { ChatCompletionChunk, ChatToolCallDelta, ChatUsage } from "../openai/wire-types.ts";
import { mapStopReason } from "./map-stop-reason.ts";
import { toChatUsage } from "./usage.ts";
import type { AnthropicStreamEvent, AnthropicUsage } from "./wire-types.ts";

/** What a translated event produces: chunks to send, and whether the stream is complete or failed. */
export interface StreamStep {
  chunks: ChatCompletionChunk[];
  done?: boolean;
  error?: { type: string; message: string };
}

/** The state carried from one Anthropic event to the next. */
export interface AnthropicStreamState {
  id: string;
  model: string;
  created: number;
  includeUsage: boolean;
  usage: AnthropicUsage;
  /** Anthropic content block index → OpenAI tool_calls index. */
  toolIndexByBlock: Map<number, number>;
}

export function createStreamState(model: string, created: number, includeUsage: boolean): AnthropicStreamState {
  return { id: "", model, created, includeUsage, usage: {}, toolIndexByBlock: new Map() };
}

function chunk(
  state: AnthropicStreamState,
  delta: ChatCompletionChunk["choices"][number]["delta"],
  finish: ChatCompletionChunk["choices"][number]["finish_reason"] = null,
): ChatCompletionChunk {
  return {
    id: state.id,
    object: "chat.completion.chunk",
    created: state.created,
    model: state.model,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    ...(state.includeUsage ? { usage: null } : {}),
  };
}

function toolDelta(state: AnthropicStreamState, block: number, fields: Omit<ChatToolCallDelta, "index">): ChatCompletionChunk[] {
  const index = state.toolIndexByBlock.get(block);
  return index === undefined ? [] : [chunk(state, { tool_calls: [{ index, ...fields }] })];
}

/** Translates one Anthropic stream event into OpenAI chat.completion.chunk objects. */
export function translateStreamEvent(state: AnthropicStreamState, event: AnthropicStreamEvent): StreamStep {
  switch (event.type) {
    case "message_start":
      state.id = event.message.id;
      state.usage = { ...event.message.usage };
      return { chunks: [chunk(state, { role: "assistant", content: "" })] };
    case "content_block_start": {
      const block = event.content_block;
      if (block.type !== "tool_use") return { chunks: [] };
      state.toolIndexByBlock.set(event.index, state.toolIndexByBlock.size);
      return { chunks: toolDelta(state, event.index, { id: block.id, type: "function", function: { name: block.name, arguments: "" } }) };
    }
    case "content_block_delta": {
      const delta = event.delta;
      if (delta.type === "text_delta") return { chunks: [chunk(state, { content: (delta as { text: string }).text })] };
      if (delta.type === "input_json_delta") {
        return { chunks: toolDelta(state, event.index, { function: { arguments: (delta as { partial_json: string }).partial_json } }) };
      }
      return { chunks: [] };
    }
    case "message_delta":
      state.usage = { ...state.usage, ...event.usage };
      return { chunks: event.delta.stop_reason ? [chunk(state, {}, mapStopReason(event.delta.stop_reason))] : [] };
    case "message_stop": {
      if (!state.includeUsage) return { chunks: [], done: true };
      const usageChunk: ChatCompletionChunk = { ...chunk(state, {}), choices: [], usage: usageOf(state) };
      return { chunks: [usageChunk], done: true };
    }
    case "error":
      return { chunks: [], error: { type: event.error?.type ?? "api_error", message: event.error?.message ?? "stream error" } };
    default:
      return { chunks: [] };
  }
}

export function usageOf(state: AnthropicStreamState): ChatUsage {
  return toChatUsage(state.usage);
}
