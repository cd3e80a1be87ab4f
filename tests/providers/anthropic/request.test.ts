import { describe, expect, it } from "vitest";
import { readChatRequest } from "../../../src/inbound/chat/read-request.ts";
import { DEFAULT_MAX_TOKENS, toAnthropicRequest } from "../../../src/providers/anthropic/request.ts";
import type { ChatCompletionRequest } from "../../../src/providers/openai/wire-types.ts";

const user = (content: string) => ({ role: "user" as const, content });
/** A chat completion request as an Anthropic profile is sent it: read into neutral form, then written as Messages. */
const translate = (body: Partial<ChatCompletionRequest>, maxTokens: number | null = null) =>
  toAnthropicRequest(readChatRequest({ messages: [user("hi")], ...body }, "Anthropic"), { modelName: "claude", maxTokens });

describe("toAnthropicRequest: max_tokens", () => {
  it.each([
    [{ max_completion_tokens: 10 }, null, 10],
    [{ max_tokens: 20 }, null, 20],
    [{ max_completion_tokens: 10, max_tokens: 20 }, null, 10],
    [{}, 777, 777],
    [{}, null, DEFAULT_MAX_TOKENS],
  ])("%j with model default %s → %i", (body, modelDefault, expected) => {
    expect(translate(body, modelDefault).max_tokens).toBe(expected);
  });
});

describe("toAnthropicRequest: tool_choice", () => {
  const tools = [{ type: "function", function: { name: "f" } }];
  it.each([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    ["required", { type: "any" }],
    [{ type: "function", function: { name: "f" } }, { type: "tool", name: "f" }],
  ])("%j → %j", (choice, expected) => {
    expect(translate({ tools, tool_choice: choice }).tool_choice).toEqual(expected);
  });

  it("maps parallel_tool_calls: false to disable_parallel_tool_use", () => {
    expect(translate({ tools, tool_choice: "required", parallel_tool_calls: false }).tool_choice).toEqual({
      type: "any",
      disable_parallel_tool_use: true,
    });
  });

  it("gives a tool without parameters an empty object schema", () => {
    expect(translate({ tools }).tools).toEqual([{ name: "f", input_schema: { type: "object", properties: {} } }]);
  });
});

describe("toAnthropicRequest: messages", () => {
  it("merges consecutive turns of one role, including tool results into one user turn", () => {
    const out = translate({
      messages: [
        user("a"),
        { role: "assistant", content: "", tool_calls: [
          { id: "call_1", type: "function", function: { name: "f", arguments: "{}" } },
          { id: "call.2", type: "function", function: { name: "g", arguments: "" } },
        ] },
        { role: "tool", tool_call_id: "call_1", content: "r1" },
        { role: "tool", tool_call_id: "call.2", content: [{ type: "text", text: "r2" }] },
        user("next"),
      ],
    });
    expect(out.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "a" }] },
      { role: "assistant", content: [
        { type: "tool_use", id: "call_1", name: "f", input: {} },
        { type: "tool_use", id: "call_2", name: "g", input: {} },
      ] },
      { role: "user", content: [
        { type: "tool_result", tool_use_id: "call_1", content: [{ type: "text", text: "r1" }] },
        { type: "tool_result", tool_use_id: "call_2", content: [{ type: "text", text: "r2" }] },
        { type: "text", text: "next" },
      ] },
    ]);
  });

  it.each([
    [[{ role: "system", content: "only system" }], /at least one user or assistant message/],
    [[{ role: "function", content: "x", name: "f" }], /role 'function' is not supported/],
    [[{ role: "tool", content: "x" }], /tool_call_id is required/],
    [[{ role: "assistant", tool_calls: "x" }], /tool_calls must be an array/],
    [[{ role: "user", content: 5 }], /content must be a string or an array of parts/],
    [[{ role: "assistant", tool_calls: [{ id: "1", type: "function", function: { name: "f", arguments: "{bad" } }] }], /arguments is not valid JSON/],
    [[{ role: "user", content: [{ type: "input_audio", input_audio: {} }] }], /type 'input_audio'/],
    [[{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://x" } }] }], /http\(s\) URL or a base64 data: URL/],
  ])("refuses %j", (messages, message) => {
    expect(() => translate({ messages: messages as never })).toThrow(message);
  });
});

describe("toAnthropicRequest: parameters", () => {
  it("maps sampling parameters, stop and user", () => {
    expect(translate({ temperature: 0.2, top_p: 0.9, stop: ["a", "b"], user: "u1", stream: true })).toMatchObject({
      temperature: 0.2, top_p: 0.9, stop_sequences: ["a", "b"], metadata: { user_id: "u1" }, stream: true,
    });
  });

  it("drops parameters that only tune sampling or bookkeeping", () => {
    const out = translate({ frequency_penalty: 0.5, presence_penalty: 0.1, seed: 1, store: false, stream_options: { include_usage: true }, service_tier: "auto" });
    expect(Object.keys(out).sort()).toEqual(["max_tokens", "messages", "model"]);
  });

  it.each([
    [{ n: 3 }, "n"],
    [{ logprobs: true }, "logprobs"],
    [{ response_format: { type: "json_schema" } }, "response_format"],
    [{ temperature: 1.7 }, "temperature"],
    [{ modalities: ["text", "audio"] }, "modalities"],
    [{ functions: [{ name: "f" }] }, "functions"],
  ])("refuses %j naming the parameter", (body, param) => {
    expect(() => translate(body)).toThrow(expect.objectContaining({ status: 400, param }));
  });
});
