import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../../../src/proxy/neutral.ts";
import { createChatStreamReader } from "../../../src/providers/openai/stream-reader.ts";
import { ProviderStreamError, UpstreamProtocolError } from "../../../src/providers/types.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { cuttings, readAtCuts } from "../../helpers/split-bytes.ts";

const read = (text: string, cuts: number[] = []) => readAtCuts(createChatStreamReader("configured-model"), text, cuts);
const data = (payload: unknown) => `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`;
const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
  id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }], ...extra,
});
const DONE = data("[DONE]");

const TEXT: StreamEvent[] = [
  { type: "start", id: "chatcmpl-AZtext01", model: "gpt-4o-2024-08-06" },
  { type: "text_start" },
  { type: "text_delta", text: "Grüße" },
  { type: "text_delta", text: ", world " },
  { type: "text_delta", text: "👋 — done." },
  { type: "block_end" },
  { type: "finish", reason: "stop", usage: { inputTokens: 19, outputTokens: 7 } },
];

const TOOL_CALLS: StreamEvent[] = [
  { type: "start", id: "chatcmpl-AZtools1", model: "gpt-4o-2024-08-06" },
  { type: "tool_call_start", id: "call_Paris01", name: "get_weather" },
  { type: "tool_call_delta", arguments: '{"lo' },
  { type: "tool_call_delta", arguments: 'cation": "Par' },
  { type: "tool_call_delta", arguments: 'is"}' },
  { type: "block_end" },
  { type: "tool_call_start", id: "call_Tokyo02", name: "get_weather" },
  { type: "tool_call_delta", arguments: '{"location"' },
  { type: "tool_call_delta", arguments: ': "東京"}' },
  { type: "block_end" },
  { type: "finish", reason: "tool_calls", usage: { inputTokens: 82, outputTokens: 48, cacheReadTokens: 64 } },
];

const REASONING: StreamEvent[] = [
  { type: "start", id: "d3a1c0de-5eed-4c1e-9a6b-reasoning01", model: "deepseek-reasoner" },
  { type: "reasoning_start" },
  { type: "reasoning_delta", text: "The user asks 9.11 vs 9.9." },
  { type: "reasoning_delta", text: " 9.9 = 9.90 > 9.11." },
  { type: "block_end" },
  { type: "text_start" },
  { type: "text_delta", text: "9.9 is larger." },
  { type: "block_end" },
  { type: "finish", reason: "stop", usage: { inputTokens: 15, outputTokens: 40, reasoningTokens: 31 } },
];

const FIXTURES: Array<[string, StreamEvent[]]> = [
  ["openai/text-with-usage.chunks.txt", TEXT],
  ["openai/tool-calls.chunks.txt", TOOL_CALLS],
  ["openai/reasoning.chunks.txt", REASONING],
];

describe("chat.completion.chunk stream → neutral events", () => {
  it("reads text as one block, skipping the empty role chunk, and finishes with the usage chunk that follows finish_reason", () => {
    expect(read(fixture("openai/text-with-usage.chunks.txt"))).toEqual({ events: TEXT });
  });

  it("reads two parallel tool calls streamed one after the other as two blocks, their arguments in pieces", () => {
    expect(read(fixture("openai/tool-calls.chunks.txt"))).toEqual({ events: TOOL_CALLS });
  });

  it("reads reasoning_content as a reasoning block before the text, with usage sent in the finish_reason chunk", () => {
    expect(read(fixture("openai/reasoning.chunks.txt"))).toEqual({ events: REASONING });
  });

  it("takes `reasoning` (OpenRouter, vLLM) as reasoning_content and a refusal as text", () => {
    const text = data(chunk({ reasoning: "hmm" })) + data(chunk({ refusal: "I can't help with that." }, "content_filter")) + DONE;
    expect(read(text)).toEqual({
      events: [
        { type: "start", id: "chatcmpl-1", model: "m" },
        { type: "reasoning_start" },
        { type: "reasoning_delta", text: "hmm" },
        { type: "block_end" },
        { type: "text_start" },
        { type: "text_delta", text: "I can't help with that." },
        { type: "block_end" },
        { type: "finish", reason: "content_filter" },
      ],
    });
  });

  it("names the configured model and makes up an id when the chunks carry neither", () => {
    const { events } = read(data({ choices: [{ index: 0, delta: { content: "hi" }, finish_reason: "length" }] }) + DONE);
    expect(events).toEqual([
      { type: "start", id: expect.stringMatching(/^chatcmpl-\d+$/), model: "configured-model" },
      { type: "text_start" },
      { type: "text_delta", text: "hi" },
      { type: "block_end" },
      { type: "finish", reason: "length" },
    ]);
  });

  it.each(FIXTURES)("reads %s the same however its bytes are cut", (name, expected) => {
    const text = fixture(name);
    for (const { label, cuts } of cuttings(text)) expect(read(text, cuts), label).toEqual({ events: expected });
  });

  it("treats a stream that ends without [DONE] but said why it finished as complete", () => {
    const text = fixture("openai/text-with-usage.chunks.txt").replace(DONE, "");
    expect(read(text)).toEqual({ events: TEXT });
  });

  it("stops reading at [DONE]: what follows it is ignored", () => {
    const text = fixture("openai/text-with-usage.chunks.txt") + data(chunk({ content: "late" }));
    expect(read(text)).toEqual({ events: TEXT });
  });
});

describe("a broken chat.completion.chunk stream", () => {
  const failure = (text: string, cuts: number[] = []) => {
    const { events, error } = read(text, cuts);
    return { events, error: error && { class: error.constructor.name, message: error.message } };
  };
  const protocol = (message: string) => ({ class: UpstreamProtocolError.name, message });
  const started = { type: "start", id: "chatcmpl-1", model: "m" };

  it("throws when the stream ends before any finish_reason, after the events it did send", () => {
    const text = fixture("openai/text-with-usage.chunks.txt").split('data: {"id":"chatcmpl-AZtext01","object":"chat.completion.chunk","created":1732550000,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_7f6be3efb0","choices":[{"index":0,"delta":{},')[0]!;
    expect(failure(text)).toEqual({ events: TEXT.slice(0, 5), error: protocol("ended its stream before the answer was complete") });
  });

  it("throws once one event grows past 8 MB, buffering no more of it", () => {
    const reader = createChatStreamReader("configured-model");
    expect(reader.push(data(chunk({ content: "Hel" })))).toEqual([started, { type: "text_start" }, { type: "text_delta", text: "Hel" }]);
    reader.push('data: {"choices":[{"index":0,"delta":{"content":"');
    const megabyte = "x".repeat(1024 * 1024);
    let error: unknown;
    for (let i = 0; i < 9 && !error; i++) {
      try {
        reader.push(megabyte);
      } catch (err) {
        error = err;
      }
    }
    expect(error).toBeInstanceOf(UpstreamProtocolError);
    expect((error as Error).message).toBe("sent a stream event longer than 8 MB");
    expect(() => reader.push(megabyte)).toThrow("longer than 8 MB");
  });

  it("throws when the connection closes in the middle of an event", () => {
    const text = data(chunk({ content: "Hel" })) + 'data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"lo';
    expect(failure(text)).toEqual({
      events: [started, { type: "text_start" }, { type: "text_delta", text: "Hel" }],
      error: protocol("ended its stream in the middle of an event"),
    });
  });

  // The finish waits for the usage chunk; a connection closed inside it must not pass for an answer that used no tokens.
  it("throws when the connection closes in the middle of the usage chunk that follows finish_reason", () => {
    const text = data(chunk({ content: "Hi" }, "stop")) + 'data: {"id":"chatcmpl-1","choices":[],"usage":{"prompt_tokens":19,"completion_';
    const { events, error } = failure(text);
    expect({ events, class: error?.class }).toEqual({ events: [started, { type: "text_start" }, { type: "text_delta", text: "Hi" }], class: UpstreamProtocolError.name });
  });

  it("throws at [DONE] when no finish_reason came before it", () => {
    expect(failure(data(chunk({ content: "a" })) + DONE).error).toEqual(protocol("ended its stream without a finish_reason"));
  });

  it("throws on an event that is not JSON, even as the first event", () => {
    expect(failure(data("{nope"))).toEqual({ events: [], error: protocol("sent a stream event that is not JSON") });
    expect(failure(data("<html>502 Bad Gateway</html>"))).toEqual({ events: [], error: protocol("sent a stream event that is not JSON") });
  });

  it.each([
    ["choices is not an array", { id: "c", choices: { 0: { delta: { content: "x" } } } }, "choices"],
    ["delta content is a number", chunk({ content: 42 }), "choices.0.delta.content"],
    ["a tool call index is negative", chunk({ tool_calls: [{ index: -1, id: "c", function: { name: "f" } }] }), "choices.0.delta.tool_calls.0.index"],
    ["prompt_tokens is the string '12abc'", chunk({}, "stop", { usage: { prompt_tokens: "12abc", completion_tokens: 1 } }), "usage.prompt_tokens"],
    ["prompt_tokens is 1.5", chunk({}, "stop", { usage: { prompt_tokens: 1.5, completion_tokens: 1 } }), "usage.prompt_tokens"],
    ["completion_tokens is -3", chunk({}, "stop", { usage: { prompt_tokens: 1, completion_tokens: -3 } }), "usage.completion_tokens"],
    ["usage lacks completion_tokens", chunk({}, "stop", { usage: { prompt_tokens: 1 } }), "usage.completion_tokens"],
  ])("throws on a malformed chunk (%s), naming the field", (_label, bad, path) => {
    expect(failure(data(bad) + DONE)).toEqual({ events: [], error: protocol(`sent a malformed chat.completion.chunk (${path})`) });
  });

  it("accepts any whole, non-negative, safe token count, however large", () => {
    const { events } = read(data(chunk({}, "stop", { usage: { prompt_tokens: 3_000_000_000, completion_tokens: 0 } })) + DONE);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop", usage: { inputTokens: 3_000_000_000, outputTokens: 0 } });
  });

  it("throws on a tool call that first appears without a function name", () => {
    expect(failure(data(chunk({ tool_calls: [{ index: 0, id: "call_1", function: { arguments: "{}" } }] })) + DONE)).toEqual({
      events: [started], error: protocol("streamed tool call 0 without a function name"),
    });
  });

  it("throws on arguments for a tool call whose block already ended", () => {
    const text = [
      chunk({ tool_calls: [{ index: 0, id: "call_a", function: { name: "a", arguments: "{" } }] }),
      chunk({ tool_calls: [{ index: 1, id: "call_b", function: { name: "b", arguments: "{}" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "}" } }] }),
    ].map(data).join("");
    expect(failure(text)).toEqual({
      events: [
        started,
        { type: "tool_call_start", id: "call_a", name: "a" },
        { type: "tool_call_delta", arguments: "{" },
        { type: "block_end" },
        { type: "tool_call_start", id: "call_b", name: "b" },
        { type: "tool_call_delta", arguments: "{}" },
      ],
      error: protocol("streamed arguments for tool call 0 after another block began"),
    });
  });

  it("raises an {\"error\": …} chunk as the provider's error, with its type and message", () => {
    const { events, error } = read(data({ error: { message: "Rate limit reached for gpt-4o", type: "rate_limit_error", code: "rate_limit_exceeded" } }));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(ProviderStreamError);
    expect({ type: (error as ProviderStreamError).type, message: error!.message }).toEqual({ type: "rate_limit_error", message: "Rate limit reached for gpt-4o" });
  });

  it("calls an error chunk without type or message an api_error", () => {
    const { error } = read(data({ error: "boom" }));
    expect(error).toBeInstanceOf(ProviderStreamError);
    expect({ type: (error as ProviderStreamError).type, message: error!.message }).toEqual({ type: "api_error", message: "the provider reported an error" });
  });

  it("returns the content sent before an error chunk first, then throws on the next call", () => {
    const reader = createChatStreamReader("m");
    const text = data(chunk({ content: "Partial" })) + data({ error: { message: "Internal error", type: "server_error" } });
    expect(reader.push(text)).toEqual([started, { type: "text_start" }, { type: "text_delta", text: "Partial" }]);
    expect(() => reader.end()).toThrow(ProviderStreamError);
  });
});
