import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.ts";
import { createChatStreamRenderer } from "../../../src/inbound/chat/render-stream.ts";
import type { StreamEvent } from "../../../src/proxy/neutral.ts";

const context = { model: "routed-model", created: 1700000000 };

const EVENTS: StreamEvent[] = [
  { type: "start", id: "msg_01X", model: "upstream-model", usage: { inputTokens: 40 } },
  { type: "reasoning_start" },
  { type: "reasoning_delta", text: "Hmm." },
  { type: "reasoning_opaque", token: { issuer: "anthropic", kind: "signature", data: "EqQB" } },
  { type: "block_end" },
  { type: "text_start" },
  { type: "text_delta", text: "Let me look." },
  { type: "block_end" },
  { type: "tool_call_start", id: "toolu_A", name: "get_weather" },
  { type: "tool_call_delta", arguments: '{"location":' },
  { type: "tool_call_delta", arguments: '"Paris"}' },
  { type: "block_end" },
  { type: "tool_call_start", id: "toolu_B", name: "get_time" },
  { type: "tool_call_delta", arguments: "{}" },
  { type: "block_end" },
  { type: "finish", reason: "tool_calls", usage: { inputTokens: 40, outputTokens: 25, cacheReadTokens: 30, reasoningTokens: 5 } },
];

/** The renderer's output, one `data:` event at a time: chunks parsed, the end as "[DONE]". */
function render(events: StreamEvent[], includeUsage: boolean): unknown[] {
  const renderer = createChatStreamRenderer(context, includeUsage);
  const sse = events.map((event) => renderer.event(event)).join("");
  expect(sse.endsWith("\n\n")).toBe(true);
  return sse
    .slice(0, -2)
    .split("\n\n")
    .map((event) => {
      expect(event.startsWith("data: ")).toBe(true);
      const data = event.slice("data: ".length);
      return data === "[DONE]" ? data : JSON.parse(data);
    });
}

const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
  id: "msg_01X", object: "chat.completion.chunk", created: 1700000000, model: "routed-model",
  choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra,
});

const deltas = [
  { role: "assistant", content: "" },
  { reasoning_content: "Hmm." },
  { content: "Let me look." },
  { tool_calls: [{ index: 0, id: "toolu_A", type: "function", function: { name: "get_weather", arguments: "" } }] },
  { tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] },
  { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
  { tool_calls: [{ index: 1, id: "toolu_B", type: "function", function: { name: "get_time", arguments: "" } }] },
  { tool_calls: [{ index: 1, function: { arguments: "{}" } }] },
];

describe("neutral stream events → chat.completion.chunk", () => {
  it("without include_usage: the role first, one chunk per delta, tool calls numbered in order, finish_reason, [DONE]; no usage anywhere", () => {
    expect(render(EVENTS, false)).toEqual([...deltas.map((delta) => chunk(delta)), chunk({}, "tool_calls"), "[DONE]"]);
  });

  it("with include_usage: every chunk says usage null, and a last chunk with no choices carries the usage", () => {
    expect(render(EVENTS, true)).toEqual([
      ...deltas.map((delta) => chunk(delta, null, { usage: null })),
      chunk({}, "tool_calls", { usage: null }),
      {
        id: "msg_01X", object: "chat.completion.chunk", created: 1700000000, model: "routed-model", choices: [],
        usage: { prompt_tokens: 40, completion_tokens: 25, total_tokens: 65, prompt_tokens_details: { cached_tokens: 30 }, completion_tokens_details: { reasoning_tokens: 5 } },
      },
      "[DONE]",
    ]);
  });

  it.each([
    ["stop", "stop"], ["stop_sequence", "stop"], ["length", "length"], ["tool_calls", "tool_calls"], ["content_filter", "content_filter"], ["pause", "stop"],
  ] as const)("finishes %s as finish_reason %s", (reason, expected) => {
    const events: StreamEvent[] = [{ type: "start", id: "msg_01X", model: "m" }, { type: "finish", reason, usage: { inputTokens: 1, outputTokens: 2 } }];
    expect(render(events, true)).toEqual([
      chunk({ role: "assistant", content: "" }, null, { usage: null }),
      chunk({}, expected, { usage: null }),
      { id: "msg_01X", object: "chat.completion.chunk", created: 1700000000, model: "routed-model", choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
      "[DONE]",
    ]);
  });

  it("ends a failed stream with an {\"error\": …} event in OpenAI's shape, which OpenAI's SDKs raise", () => {
    const renderer = createChatStreamRenderer(context, true);
    expect(renderer.fail(new AppError(529, "overloaded_error", "Profile 'p' (anthropic) stream failed: overloaded_error: Overloaded."))).toBe(
      `data: ${JSON.stringify({ error: { message: "Profile 'p' (anthropic) stream failed: overloaded_error: Overloaded.", type: "overloaded_error", param: null, code: null } })}\n\n`,
    );
    expect(JSON.parse(renderer.fail(new AppError(502, "some_provider_type", "x")).slice(6))).toEqual({ error: { message: "x", type: "api_error", param: null, code: null } });
  });
});
