import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import { createParser } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.ts";
import { createMessagesStreamRenderer } from "../../../src/inbound/messages/render-stream.ts";
import type { StreamEvent } from "../../../src/proxy/neutral.ts";
import { createChatStreamReader } from "../../../src/providers/openai/stream-reader.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { cuttings, readAtCuts } from "../../helpers/split-bytes.ts";

const context = { model: "routed-model", created: 1700000000 };

/** The renderer's output as SSE events, each checked to name itself twice alike (`event:` and data.type). */
function parse(sse: string): Array<{ event: string; data: Record<string, unknown> }> {
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  const parser = createParser({ onEvent: (message) => events.push({ event: message.event ?? "", data: JSON.parse(message.data) }) });
  parser.feed(sse);
  for (const { event, data } of events) expect(data.type, `event: ${event}`).toBe(event);
  return events;
}

const render = (events: StreamEvent[]) => {
  const renderer = createMessagesStreamRenderer(context);
  return events.map((event) => renderer.event(event)).join("");
};

/** Chat chunks from a provider, cut at `cuts`, read and rendered as the proxy does for a Messages agent. */
function translate(text: string, cuts: number[] = []) {
  const { events, error } = readAtCuts(createChatStreamReader("upstream-model"), text, cuts);
  return { sse: render(events), error };
}

const ZERO_CACHE = { cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
const messageStart = (id: string, inputTokens = 0) => ({
  event: "message_start",
  data: {
    type: "message_start",
    message: {
      id, type: "message", role: "assistant", model: "routed-model", content: [], stop_reason: null, stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 0, ...ZERO_CACHE },
    },
  },
});
const blockStart = (index: number, content_block: object) => ({ event: "content_block_start", data: { type: "content_block_start", index, content_block } });
const blockDelta = (index: number, delta: object) => ({ event: "content_block_delta", data: { type: "content_block_delta", index, delta } });
const blockStop = (index: number) => ({ event: "content_block_stop", data: { type: "content_block_stop", index } });
const messageDelta = (stop_reason: string, usage: object, stop_sequence: string | null = null) => ({
  event: "message_delta", data: { type: "message_delta", delta: { stop_reason, stop_sequence }, usage },
});
const messageStop = { event: "message_stop", data: { type: "message_stop" } };

describe("neutral stream events → Anthropic Messages SSE", () => {
  it("writes message_start, one start/delta/stop run per block with increasing index, message_delta and message_stop", () => {
    const sse = render([
      { type: "start", id: "chatcmpl-9", model: "upstream-model", usage: { inputTokens: 12 } },
      { type: "reasoning_start" },
      { type: "reasoning_delta", text: "Think " },
      { type: "reasoning_delta", text: "first." },
      { type: "reasoning_opaque", token: { issuer: "anthropic", kind: "signature", data: "EqQBCgIYAhIM" } },
      { type: "block_end" },
      { type: "text_start" },
      { type: "text_delta", text: "Checking." },
      { type: "block_end" },
      { type: "tool_call_start", id: "call:abc/1", name: "get_weather" },
      { type: "tool_call_delta", arguments: '{"location":' },
      { type: "tool_call_delta", arguments: '"Paris"}' },
      { type: "block_end" },
      { type: "finish", reason: "tool_calls", usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 60, cacheWriteTokens: 10 } },
    ]);
    expect(parse(sse)).toEqual([
      messageStart("msg_chatcmpl-9", 12),
      blockStart(0, { type: "thinking", thinking: "", signature: "" }),
      blockDelta(0, { type: "thinking_delta", thinking: "Think " }),
      blockDelta(0, { type: "thinking_delta", thinking: "first." }),
      blockDelta(0, { type: "signature_delta", signature: "EqQBCgIYAhIM" }),
      blockStop(0),
      blockStart(1, { type: "text", text: "" }),
      blockDelta(1, { type: "text_delta", text: "Checking." }),
      blockStop(1),
      blockStart(2, { type: "tool_use", id: "call_abc_1", name: "get_weather", input: {} }),
      blockDelta(2, { type: "input_json_delta", partial_json: '{"location":' }),
      blockDelta(2, { type: "input_json_delta", partial_json: '"Paris"}' }),
      blockStop(2),
      messageDelta("tool_use", { input_tokens: 30, output_tokens: 20, cache_creation_input_tokens: 10, cache_read_input_tokens: 60 }),
      messageStop,
    ]);
  });

  it("keeps an id that is already a message id, and writes each event as `event:` then one `data:` line", () => {
    const sse = render([{ type: "start", id: "msg_01ABC", model: "x" }]);
    expect(sse).toBe(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_01ABC","type":"message","role":"assistant","model":"routed-model","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}\n\n',
    );
  });

  it("drops reasoning tokens another provider issued: they cannot be sent to Anthropic", () => {
    const renderer = createMessagesStreamRenderer(context);
    expect(renderer.event({ type: "reasoning_opaque", token: { issuer: "openai", kind: "encrypted", data: "gAAAA" } })).toBe("");
    expect(renderer.event({ type: "reasoning_opaque", token: { issuer: "anthropic", kind: "redacted", data: "EmwKAhgB" } })).toBe("");
  });

  it.each([
    ["stop", "end_turn", undefined, null],
    ["stop_sequence", "stop_sequence", "END", "END"],
    ["length", "max_tokens", undefined, null],
    ["tool_calls", "tool_use", undefined, null],
    ["content_filter", "refusal", undefined, null],
    ["pause", "pause_turn", undefined, null],
  ] as const)("finishes %s as stop_reason %s", (reason, stopReason, stopSequence, sent) => {
    const sse = render([{ type: "finish", reason, ...(stopSequence ? { stopSequence } : {}), usage: { inputTokens: 3, outputTokens: 4 } }]);
    expect(parse(sse)).toEqual([messageDelta(stopReason, { input_tokens: 3, output_tokens: 4, ...ZERO_CACHE }, sent), messageStop]);
  });

  it("ends a failed stream with an Anthropic error event, named as Anthropic names the error", () => {
    const renderer = createMessagesStreamRenderer(context);
    expect(parse(renderer.fail(new AppError(529, "overloaded_error", "Profile 'p' stream failed: overloaded_error: Overloaded.")))).toEqual([
      { event: "error", data: { type: "error", error: { type: "overloaded_error", message: "Profile 'p' stream failed: overloaded_error: Overloaded." } } },
    ]);
    expect(parse(renderer.fail(new AppError(502, "upstream_error", "Profile 'p' sent a stream event that is not JSON.")))).toEqual([
      { event: "error", data: { type: "error", error: { type: "api_error", message: "Profile 'p' sent a stream event that is not JSON." } } },
    ]);
  });
});

const TEXT_SSE = [
  messageStart("msg_chatcmpl-AZtext01"),
  blockStart(0, { type: "text", text: "" }),
  blockDelta(0, { type: "text_delta", text: "Grüße" }),
  blockDelta(0, { type: "text_delta", text: ", world " }),
  blockDelta(0, { type: "text_delta", text: "👋 — done." }),
  blockStop(0),
  messageDelta("end_turn", { input_tokens: 19, output_tokens: 7, ...ZERO_CACHE }),
  messageStop,
];
const TOOLS_SSE = [
  messageStart("msg_chatcmpl-AZtools1"),
  blockStart(0, { type: "tool_use", id: "call_Paris01", name: "get_weather", input: {} }),
  blockDelta(0, { type: "input_json_delta", partial_json: '{"lo' }),
  blockDelta(0, { type: "input_json_delta", partial_json: 'cation": "Par' }),
  blockDelta(0, { type: "input_json_delta", partial_json: 'is"}' }),
  blockStop(0),
  blockStart(1, { type: "tool_use", id: "call_Tokyo02", name: "get_weather", input: {} }),
  blockDelta(1, { type: "input_json_delta", partial_json: '{"location"' }),
  blockDelta(1, { type: "input_json_delta", partial_json: ': "東京"}' }),
  blockStop(1),
  messageDelta("tool_use", { input_tokens: 18, output_tokens: 48, cache_creation_input_tokens: 0, cache_read_input_tokens: 64 }),
  messageStop,
];
const REASONING_SSE = [
  messageStart("msg_d3a1c0de-5eed-4c1e-9a6b-reasoning01"),
  blockStart(0, { type: "thinking", thinking: "", signature: "" }),
  blockDelta(0, { type: "thinking_delta", thinking: "The user asks 9.11 vs 9.9." }),
  blockDelta(0, { type: "thinking_delta", thinking: " 9.9 = 9.90 > 9.11." }),
  blockStop(0),
  blockStart(1, { type: "text", text: "" }),
  blockDelta(1, { type: "text_delta", text: "9.9 is larger." }),
  blockStop(1),
  messageDelta("end_turn", { input_tokens: 15, output_tokens: 40, ...ZERO_CACHE }),
  messageStop,
];
const TRANSLATIONS = [
  ["openai/text-with-usage.chunks.txt", TEXT_SSE],
  ["openai/tool-calls.chunks.txt", TOOLS_SSE],
  ["openai/reasoning.chunks.txt", REASONING_SSE],
] as const;

/** Serves `sse` as an Anthropic stream and accumulates it with the official SDK, as Claude Code would. */
async function sdkFinalMessage(sse: string) {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(sse);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const client = new Anthropic({ apiKey: "test", baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxRetries: 0 });
    return await client.messages.stream({ model: "routed-model", max_tokens: 100, messages: [{ role: "user", content: "hi" }] }).finalMessage();
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe("chat.completion.chunk stream → Anthropic Messages SSE", () => {
  it.each(TRANSLATIONS)("translates %s into the same Anthropic events however its bytes are cut", (name, expected) => {
    const text = fixture(name);
    const whole = translate(text);
    expect(whole.error).toBeUndefined();
    expect(parse(whole.sse)).toEqual(expected);
    for (const { label, cuts } of cuttings(text)) expect(translate(text, cuts), label).toEqual(whole);
  });

  it("gives the official Anthropic SDK a message it accumulates: text", async () => {
    expect(await sdkFinalMessage(translate(fixture("openai/text-with-usage.chunks.txt"), [1, 200, 201, 333]).sse)).toMatchObject({
      id: "msg_chatcmpl-AZtext01", type: "message", role: "assistant", model: "routed-model",
      content: [{ type: "text", text: "Grüße, world 👋 — done." }],
      stop_reason: "end_turn", stop_sequence: null,
      usage: { input_tokens: 19, output_tokens: 7, ...ZERO_CACHE },
    });
  });

  it("gives the official Anthropic SDK a message it accumulates: two tool calls with parsed input", async () => {
    expect(await sdkFinalMessage(translate(fixture("openai/tool-calls.chunks.txt"), [5, 6, 7, 1000]).sse)).toMatchObject({
      id: "msg_chatcmpl-AZtools1",
      content: [
        { type: "tool_use", id: "call_Paris01", name: "get_weather", input: { location: "Paris" } },
        { type: "tool_use", id: "call_Tokyo02", name: "get_weather", input: { location: "東京" } },
      ],
      stop_reason: "tool_use",
      usage: { input_tokens: 18, output_tokens: 48, cache_creation_input_tokens: 0, cache_read_input_tokens: 64 },
    });
  });

  it("gives the official Anthropic SDK a message it accumulates: thinking, then text", async () => {
    expect(await sdkFinalMessage(translate(fixture("openai/reasoning.chunks.txt")).sse)).toMatchObject({
      content: [
        { type: "thinking", thinking: "The user asks 9.11 vs 9.9. 9.9 = 9.90 > 9.11.", signature: "" },
        { type: "text", text: "9.9 is larger." },
      ],
      stop_reason: "end_turn",
      usage: { input_tokens: 15, output_tokens: 40 },
    });
  });
});
