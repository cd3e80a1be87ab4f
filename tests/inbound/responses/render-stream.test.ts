import { createParser } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.ts";
import { readInput } from "../../../src/inbound/responses/read-input.ts";
import { createResponsesStreamRenderer } from "../../../src/inbound/responses/render-stream.ts";
import type { StreamEvent } from "../../../src/proxy/neutral.ts";
import { createAnthropicStreamReader } from "../../../src/providers/anthropic/stream-reader.ts";
import { createChatStreamReader } from "../../../src/providers/openai/stream-reader.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { cuttings, readAtCuts } from "../../helpers/split-bytes.ts";

const context = { model: "routed-model", created: 1700000000 };
const codexBody = { tools: [{ type: "custom", name: "apply_patch" }], include: ["reasoning.encrypted_content"] };

/** The SSE as events, each checked to name itself twice alike, with the random ids made comparable. */
function parse(sse: string): Array<Record<string, any>> {
  const events: Array<Record<string, any>> = [];
  const parser = createParser({ onEvent: (m) => events.push({ event: m.event, ...JSON.parse(m.data.replace(/\b(resp|msg|rs|fc|ctc)_[0-9a-f]{48}\b/g, "$1_X")) }) });
  parser.feed(sse);
  for (const e of events) expect(e.type).toBe(e.event);
  return events;
}

function render(events: StreamEvent[], body: Record<string, unknown> = codexBody) {
  const renderer = createResponsesStreamRenderer(context, body);
  return parse(events.map((e) => renderer.event(e)).join(""));
}

const usage = { inputTokens: 100, outputTokens: 20, cacheReadTokens: 60, reasoningTokens: 5 };

describe("neutral events → Responses stream events", () => {
  it("numbers every event and follows the real sequence for reasoning, text and a function call", () => {
    const events = render([
      { type: "start", id: "x", model: "m" },
      { type: "reasoning_start" },
      { type: "reasoning_delta", text: "Think." },
      { type: "reasoning_opaque", token: { issuer: "anthropic", kind: "signature", data: "sig==" } },
      { type: "block_end" },
      { type: "text_start" },
      { type: "text_delta", text: "Hel" },
      { type: "text_delta", text: "lo" },
      { type: "block_end" },
      { type: "tool_call_start", id: "call_1", name: "exec_command" },
      { type: "tool_call_delta", arguments: '{"cmd":' },
      { type: "tool_call_delta", arguments: '"ls"}' },
      { type: "block_end" },
      { type: "finish", reason: "tool_calls", usage },
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => e.type)).toEqual([
      "response.created", "response.in_progress",
      "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
      "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
      "response.output_text.done", "response.content_part.done", "response.output_item.done",
      "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
      "response.function_call_arguments.done", "response.output_item.done",
      "response.completed",
    ]);
    const completed = events.at(-1)!.response;
    expect(completed).toMatchObject({ id: "resp_X", object: "response", status: "completed", model: "routed-model", store: false });
    expect(completed.output).toEqual([
      { type: "reasoning", id: "rs_X", summary: [{ type: "summary_text", text: "Think." }], encrypted_content: "msw1:anthropic:signature:sig==" },
      { type: "message", id: "msg_X", status: "completed", role: "assistant", content: [{ type: "output_text", text: "Hello", annotations: [], logprobs: [] }] },
      { type: "function_call", id: "fc_X", call_id: "call_1", name: "exec_command", arguments: '{"cmd":"ls"}', status: "completed" },
    ]);
    expect(completed.usage).toEqual({ input_tokens: 100, input_tokens_details: { cached_tokens: 60 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 5 }, total_tokens: 120 });
    expect(events.find((e) => e.type === "response.output_text.done")).toMatchObject({ item_id: "msg_X", output_index: 1, content_index: 0, text: "Hello" });
  });

  it("gives a call to a custom tool (Codex's apply_patch) as a custom_tool_call with its raw input", () => {
    const events = render([
      { type: "start", id: "x", model: "m" },
      { type: "tool_call_start", id: "call_p", name: "apply_patch" },
      { type: "tool_call_delta", arguments: '{"input":"*** Begin Patch\\n' },
      { type: "tool_call_delta", arguments: '*** End Patch"}' },
      { type: "block_end" },
      { type: "finish", reason: "tool_calls" },
    ]);
    expect(events.find((e) => e.type === "response.output_item.done")!.item).toEqual({
      type: "custom_tool_call", id: "ctc_X", call_id: "call_p", name: "apply_patch", input: "*** Begin Patch\n*** End Patch", status: "completed",
    });
    expect(events.map((e) => e.type)).not.toContain("response.function_call_arguments.delta");
  });

  it("ends an answer cut by the token limit as response.incomplete", () => {
    const events = render([{ type: "start", id: "x", model: "m" }, { type: "text_start" }, { type: "text_delta", text: "Tr" }, { type: "block_end" }, { type: "finish", reason: "length", usage }]);
    expect(events.at(-1)).toMatchObject({ type: "response.incomplete", response: { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } } });
  });

  it("fails a stream with response.failed, then an error event the SDKs raise", () => {
    const renderer = createResponsesStreamRenderer(context, {});
    renderer.event({ type: "start", id: "x", model: "m" });
    const events = parse(renderer.fail(new AppError(502, "upstream_error", "Profile 'p' closed or reset the connection.")));
    expect(events.map((e) => e.type)).toEqual(["response.failed", "error"]);
    expect(events[0]!.response).toMatchObject({ status: "failed", error: { code: "server_error", message: "Profile 'p' closed or reset the connection." } });
    expect(events[1]).toMatchObject({ code: "server_error", message: "Profile 'p' closed or reset the connection.", sequence_number: 3 });
  });
});

describe("recorded provider streams → Responses events, cut at every byte", () => {
  const cases = [
    { name: "anthropic-tool-use.chunks.txt", reader: () => createAnthropicStreamReader({ messages: [], tools: [], stream: true }, "m") },
    { name: "openai/tool-calls.chunks.txt", reader: () => createChatStreamReader("m") },
    { name: "openai/reasoning.chunks.txt", reader: () => createChatStreamReader("m") },
  ];
  it.each(cases)("$name", ({ name, reader }) => {
    const text = fixture(name);
    const whole = readAtCuts(reader(), text, []);
    expect(whole.error).toBeUndefined();
    const expected = render(whole.events, {});
    expect(expected.at(-1)!.type).toBe("response.completed");
    for (const { label, cuts } of cuttings(text)) {
      const { events, error } = readAtCuts(reader(), text, cuts);
      expect(error, label).toBeUndefined();
      expect(render(events, {}), label).toEqual(expected);
    }
  });
});

describe("reasoning tokens in encrypted_content", () => {
  it("come back to Anthropic as its own signature, and OpenAI's stay OpenAI's", () => {
    const messages = readInput(
      [
        { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Think." }], encrypted_content: "msw1:anthropic:signature:sig==" },
        { type: "reasoning", id: "rs_2", summary: [], encrypted_content: "gAAAAB-openai-blob" },
      ],
      "Anthropic",
    );
    expect(messages).toEqual([
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Think.", opaque: { issuer: "anthropic", kind: "signature", data: "sig==" } },
          { type: "reasoning", text: "", opaque: { issuer: "openai", kind: "encrypted", data: "gAAAAB-openai-blob" } },
        ],
      },
    ]);
  });
});
