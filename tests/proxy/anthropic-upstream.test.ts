import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSdk, routeAgent } from "../helpers/agents.ts";
import { fixture } from "../helpers/fixtures.ts";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const KEY = "sk-ant-mock-0000000000cccc";
const MODEL = "claude-sonnet-4-5";
const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Weather for a place",
    parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  },
};

let svc: TestService;
let upstream: MockUpstream;
let reply: (req: RecordedRequest, res: ServerResponse) => void;

function sse(res: ServerResponse, text: string) {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.end(text);
}
const lastBody = () => JSON.parse(upstream.requests.at(-1)!.body) as Record<string, any>;

beforeAll(async () => {
  upstream = await startMockUpstream((req, res) => reply(req, res));
  svc = await startTestService();
  await routeAgent(svc, "claude-agent", { name: "anthropic-main", type: "anthropic", baseUrl: upstream.url, apiKey: KEY, model: MODEL });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("/v1/chat/completions to an Anthropic profile, through the official openai SDK", () => {
  it("translates the request (system, merged turns, max_completion_tokens, stop) and the answer", async () => {
    reply = (_req, res) =>
      sendJson(res, 200, {
        id: "msg_01", type: "message", role: "assistant", model: MODEL,
        content: [{ type: "text", text: "Hi " }, { type: "text", text: "there" }],
        stop_reason: "end_turn", usage: { input_tokens: 20, output_tokens: 4 },
      });
    const sdk = agentSdk(svc, "claude-agent");
    const res = await sdk.chat.completions.create({
      model: "ignored",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: "Answer in English." },
        { role: "user", content: "Hello" },
        { role: "user", content: [{ type: "text", text: "Are you there?" }] },
      ],
      max_completion_tokens: 300,
      temperature: 0.5,
      stop: "END",
    });
    const seen = upstream.requests.at(-1)!;
    expect(seen.url).toBe("/v1/messages");
    expect(seen.headers["x-api-key"]).toBe(KEY);
    expect(seen.headers["anthropic-version"]).toBe("2023-06-01");
    expect(seen.headers.authorization).toBeUndefined();
    expect(lastBody()).toEqual({
      model: MODEL,
      system: "Be brief.\n\nAnswer in English.",
      messages: [{ role: "user", content: [{ type: "text", text: "Hello" }, { type: "text", text: "Are you there?" }] }],
      max_tokens: 300,
      temperature: 0.5,
      stop_sequences: ["END"],
    });
    expect(res.object).toBe("chat.completion");
    expect(res.model).toBe(MODEL);
    expect(res.choices[0]).toMatchObject({ message: { role: "assistant", content: "Hi there" }, finish_reason: "stop" });
    expect(res.usage).toEqual({ prompt_tokens: 20, completion_tokens: 4, total_tokens: 24 });
  });

  it("round-trips a tool call without streaming", async () => {
    reply = (_req, res) =>
      sendJson(res, 200, {
        id: "msg_02", type: "message", role: "assistant", model: MODEL,
        content: [{ type: "tool_use", id: "toolu_01", name: "get_weather", input: { location: "Paris" } }],
        stop_reason: "tool_use", usage: { input_tokens: 30, output_tokens: 10 },
      });
    const sdk = agentSdk(svc, "claude-agent");
    const first = await sdk.chat.completions.create({
      model: "x", tools: [weatherTool], tool_choice: "auto", messages: [{ role: "user", content: "Weather in Paris?" }],
    });
    expect(lastBody().tools).toEqual([
      { name: "get_weather", description: "Weather for a place", input_schema: weatherTool.function.parameters },
    ]);
    expect(lastBody().tool_choice).toEqual({ type: "auto" });
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe("tool_calls");
    expect(call).toEqual({ id: "toolu_01", type: "function", function: { name: "get_weather", arguments: '{"location":"Paris"}' } });

    reply = (_req, res) =>
      sendJson(res, 200, {
        id: "msg_03", type: "message", role: "assistant", model: MODEL,
        content: [{ type: "text", text: "Sunny." }], stop_reason: "end_turn", usage: { input_tokens: 50, output_tokens: 2 },
      });
    const second = await sdk.chat.completions.create({
      model: "x",
      tools: [weatherTool],
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: call.id, content: "22°C, sunny" },
      ],
    });
    expect(lastBody().messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_01", name: "get_weather", input: { location: "Paris" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01", content: [{ type: "text", text: "22°C, sunny" }] }] },
    ]);
    expect(second.choices[0]!.message.content).toBe("Sunny.");
  });

  it("streams text as chat.completion.chunk events with usage last", async () => {
    reply = (_req, res) => sse(res, fixture("anthropic-text.chunks.txt"));
    const sdk = agentSdk(svc, "claude-agent");
    const stream = await sdk.chat.completions.create({
      model: "x", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "hi" }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(lastBody().stream).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Hello, world");
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 25, completion_tokens: 15, total_tokens: 40 });
  });

  it("round-trips a tool call while streaming (OpenClaw's way: stream, tools, rewritten ids)", async () => {
    reply = (_req, res) => sse(res, fixture("anthropic-tool-use.chunks.txt"));
    const sdk = agentSdk(svc, "claude-agent");
    const stream = sdk.chat.completions.stream({
      model: "x", stream: true, stream_options: { include_usage: true }, tools: [weatherTool], tool_choice: "auto",
      messages: [{ role: "user", content: "Weather in SF?" }],
    });
    const final = await stream.finalChatCompletion();
    const message = final.choices[0]!.message;
    expect(message.content).toBe("Let me check the weather.");
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
    expect(message.tool_calls).toEqual([
      { id: "toolu_01Weather", type: "function", function: { name: "get_weather", arguments: '{"location": "San Francisco, CA"}' } },
    ]);

    reply = (_req, res) => sse(res, fixture("anthropic-text.chunks.txt"));
    const followUp = await sdk.chat.completions.create({
      model: "x", stream: true, tools: [weatherTool],
      messages: [
        { role: "user", content: "Weather in SF?" },
        { role: "user", content: "Quickly please." },
        { role: "assistant", content: message.content, tool_calls: [{ ...message.tool_calls![0]!, id: "callab1" } as never] },
        { role: "tool", tool_call_id: "callab1", content: "18°C" },
      ],
    });
    for await (const _ of followUp) {
      // drain
    }
    expect(lastBody().messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in SF?" }, { type: "text", text: "Quickly please." }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Let me check the weather." },
          { type: "tool_use", id: "callab1", name: "get_weather", input: { location: "San Francisco, CA" } },
        ],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "callab1", content: [{ type: "text", text: "18°C" }] }] },
    ]);
  });

  it("sends image parts as image blocks (base64 data: URLs and http URLs)", async () => {
    reply = (_req, res) =>
      sendJson(res, 200, {
        id: "msg_04", type: "message", role: "assistant", model: MODEL, content: [{ type: "text", text: "A cat." }],
        stop_reason: "end_turn", usage: { input_tokens: 900, output_tokens: 3 },
      });
    const sdk = agentSdk(svc, "claude-agent");
    await sdk.chat.completions.create({
      model: "x",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
          ],
        },
      ],
    });
    expect(lastBody().messages[0].content).toEqual([
      { type: "text", text: "What is this?" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
    ]);
  });

  it("translates an Anthropic error into OpenAI's shape with the same status, naming the profile", async () => {
    reply = (_req, res) =>
      sendJson(res, 429, { type: "error", error: { type: "rate_limit_error", message: "Number of requests has exceeded your rate limit" } });
    const sdk = agentSdk(svc, "claude-agent");
    const err = await sdk.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(err.status).toBe(429);
    expect(err.error).toMatchObject({ type: "rate_limit_error" });
    expect(err.message).toContain("Profile 'anthropic-main' (anthropic) answered 429: Number of requests has exceeded your rate limit");
    expect(err.message).not.toContain(KEY);
  });

  it("ends a stream whose provider sends an error event with an OpenAI error event the SDK raises", async () => {
    reply = (_req, res) => sse(res, fixture("anthropic-overloaded-midstream.chunks.txt"));
    const sdk = agentSdk(svc, "claude-agent");
    const stream = await sdk.chat.completions.create({ model: "x", stream: true, messages: [{ role: "user", content: "hi" }] });
    let text = "";
    const err = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((e) => e);
    expect(text).toBe("Partial");
    expect(String(err?.message)).toMatch(/Profile 'anthropic-main' \(anthropic\) stream failed: overloaded_error: Overloaded/);
  });

  it("ends a stream cut before message_stop with an error event, never a hang", async () => {
    reply = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(fixture("anthropic-text.chunks.txt").split("event: message_delta")[0]);
      setTimeout(() => res.socket?.destroy(), 50);
    };
    const sdk = agentSdk(svc, "claude-agent");
    const stream = await sdk.chat.completions.create({ model: "x", stream: true, messages: [{ role: "user", content: "hi" }] });
    const err = await (async () => {
      for await (const _ of stream) {
        // drain
      }
    })().catch((e) => e);
    expect(String(err?.message)).toMatch(/Profile 'anthropic-main' \(anthropic\) (stream failed|closed or reset)/);
  });

  it("refuses parameters Anthropic cannot honour with a 400 naming them", async () => {
    const sdk = agentSdk(svc, "claude-agent");
    const count = upstream.requests.length;
    for (const extra of [{ n: 2 }, { logprobs: true }, { temperature: 1.5 }, { response_format: { type: "json_schema" as const } as never }]) {
      const err = await sdk.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }], ...extra }).catch((e) => e);
      expect(err.status, JSON.stringify(extra)).toBe(400);
      expect(err.error.param).toBe(Object.keys(extra)[0]);
    }
    expect(upstream.requests.length).toBe(count);
  });

  it("takes keys named like an object's own properties (__proto__, constructor, toString) as unknown keys, never as a rule", async () => {
    reply = (_req, res) =>
      sendJson(res, 200, {
        id: "msg_02", type: "message", role: "assistant", model: MODEL, content: [{ type: "text", text: "ok" }],
        stop_reason: "end_turn", usage: { input_tokens: 3, output_tokens: 1 },
      });
    for (const extra of ['"__proto__":null', '"__proto__":{"x":1}', '"constructor":1', '"toString":1', '"valueOf":"x"']) {
      const res = await fetch(`${svc.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "claude-agent", "content-type": "application/json" },
        body: `{"messages":[{"role":"user","content":"hi"}],${extra}}`,
      });
      expect(res.status, extra).toBe(200);
      expect(((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe("ok");
    }
  });
});
