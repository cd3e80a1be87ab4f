import { describe, expect, it } from "vitest";
import { createChatStreamRenderer } from "../../../src/inbound/chat/render-stream.ts";
import { createAnthropicStreamReader } from "../../../src/providers/anthropic/stream-reader.ts";
import { fromAnthropicStopReason } from "../../../src/providers/anthropic/stop-reason.ts";
import { toChatFinishReason } from "../../../src/providers/openai/finish-reason.ts";
import { toChatUsage } from "../../../src/providers/openai/usage.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { translateStream } from "../../helpers/translate-stream.ts";

const asked = { messages: [], tools: [], stream: true };

function run(text: string, includeUsage: boolean, pieceSize = 7) {
  const reader = createAnthropicStreamReader(asked, "claude");
  const { out, error, usage } = translateStream(reader, createChatStreamRenderer({ model: "claude", created: 1700000000 }, includeUsage), text, pieceSize);
  const events = out.split("\n\n").filter(Boolean).map((e) => e.replace(/^data: /, ""));
  return { events, error: error?.message, usage: usage && toChatUsage(usage) };
}

describe("Anthropic stream → chat.completion.chunk", () => {
  it("sends the role first, then text, finish_reason, usage and [DONE]", () => {
    const { events, error } = run(fixture("anthropic-text.chunks.txt"), true);
    expect(error).toBeUndefined();
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks[0].choices[0].delta).toEqual({ role: "assistant", content: "" });
    expect(chunks[0]).toMatchObject({ id: "msg_01Text", object: "chat.completion.chunk", model: "claude", created: 1700000000 });
    expect(chunks.slice(1, 3).map((c) => c.choices[0].delta.content)).toEqual(["Hello", ", world"]);
    expect(chunks[3].choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
    expect(chunks[4]).toMatchObject({ choices: [], usage: { prompt_tokens: 25, completion_tokens: 15, total_tokens: 40 } });
  });

  it("sends tool calls as index, id and name first, then argument pieces", () => {
    const { events, usage } = run(fixture("anthropic-tool-use.chunks.txt"), false, 3);
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    const toolDeltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({ index: 0, id: "toolu_01Weather", type: "function", function: { name: "get_weather", arguments: "" } });
    expect(toolDeltas.slice(1).map((d: { function: { arguments: string } }) => d.function.arguments).join("")).toBe('{"location": "San Francisco, CA"}');
    expect(chunks.at(-1).choices[0].finish_reason).toBe("tool_calls");
    expect(chunks.every((c) => !("usage" in c))).toBe(true);
    expect(usage).toEqual({ prompt_tokens: 482, completion_tokens: 89, total_tokens: 571, prompt_tokens_details: { cached_tokens: 10 } });
  });

  it("reports an error event and a stream cut before message_stop", () => {
    expect(run(fixture("anthropic-overloaded-midstream.chunks.txt"), false).error).toBe("Overloaded");
    const cut = fixture("anthropic-text.chunks.txt").split("event: message_delta")[0]!;
    expect(run(cut, false).error).toMatch(/ended its stream before message_stop/);
    expect(run("event: x\ndata: {nope\n\n", false).error).toMatch(/not JSON/);
  });
});

describe("Anthropic stop_reason → chat finish_reason", () => {
  it.each([
    ["end_turn", "stop"], ["stop_sequence", "stop"], ["max_tokens", "length"], ["tool_use", "tool_calls"],
    ["refusal", "content_filter"], ["pause_turn", "stop"], [null, "stop"], ["something_new", "stop"],
  ])("%s → %s", (reason, expected) => {
    expect(toChatFinishReason(fromAnthropicStopReason(reason))).toBe(expected);
  });
});
