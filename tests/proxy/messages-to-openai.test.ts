import Anthropic from "@anthropic-ai/sdk";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicAgentSdk, routeAgent } from "../helpers/agents.ts";
import { chatCompletion, delta, streamChunks } from "../helpers/chat-provider.ts";
import { startMockUpstream, sendJson, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const KEY = "sk-openai-mock-translate-2222";

let svc: TestService;
let upstream: MockUpstream;
let reply: (req: RecordedRequest, res: ServerResponse) => void;
const lastBody = () => JSON.parse(upstream.requests.at(-1)!.body) as Record<string, any>;
const weather = { name: "get_weather", description: "Weather for a place", input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] } };

beforeAll(async () => {
  upstream = await startMockUpstream((req, res) => reply(req, res));
  svc = await startTestService();
  await routeAgent(svc, "on-openai", { name: "openai-main", type: "openai", baseUrl: upstream.url, apiKey: KEY, model: "gpt-5" });
  await routeAgent(svc, "on-vllm", { name: "local-vllm", type: "openai_compatible", baseUrl: upstream.url, apiKey: KEY, model: "qwen3" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("/v1/messages to OpenAI-style profiles: the request, translated", () => {
  it("maps system (string, blocks, and system turns), tools, tool_choice, limits, sampling, thinking and the user", async () => {
    reply = (_req, res) => sendJson(res, 200, chatCompletion({ content: "ok" }));
    await anthropicAgentSdk(svc, "on-openai").messages.create({
      model: "claude-x",
      max_tokens: 64000,
      system: [{ type: "text", text: "You are Claude Code.", cache_control: { type: "ephemeral" } }, { type: "text", text: "Be terse." }],
      messages: [
        { role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }] },
        { role: "system" as never, content: "Mid-conversation note." },
      ],
      tools: [weather, { type: "web_search_20250305", name: "web_search" } as never],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
      stop_sequences: ["END"],
      temperature: 0.3,
      top_p: 0.9,
      thinking: { type: "enabled", budget_tokens: 10_000 },
      metadata: { user_id: "user-7" },
      context_management: { edits: [] },
    } as never);
    expect(upstream.requests.at(-1)!.url).toBe("/chat/completions");
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(lastBody()).toEqual({
      model: "gpt-5",
      messages: [
        { role: "system", content: "You are Claude Code.\nBe terse." },
        { role: "user", content: "hi" },
        { role: "system", content: "Mid-conversation note." },
      ],
      tools: [{ type: "function", function: { name: "get_weather", description: "Weather for a place", parameters: weather.input_schema } }],
      tool_choice: "required",
      parallel_tool_calls: false,
      max_completion_tokens: 64000,
      temperature: 0.3,
      top_p: 0.9,
      stop: ["END"],
      reasoning_effort: "medium",
      user: "user-7",
    });
  });

  it("writes a long text the agent sent as the agent's own bytes, escapes and all, not escaped again", async () => {
    reply = (_req, res) => sendJson(res, 200, chatCompletion({ content: "ok" }));
    const spelt = `"${"See src\\/app.ts, caf\\u00e9 \\n ".repeat(100)}"`;
    const res = await fetch(`${svc.url}/agents/on-openai/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": AGENT_KEY },
      body: `{"model":"claude-x","max_tokens":100,"messages":[{"role":"user","content":${spelt}}]}`,
    });
    expect(res.status).toBe(200);
    expect(upstream.requests.at(-1)!.body).toContain(`{"role":"user","content":${spelt}}`);
    expect(lastBody().messages).toEqual([{ role: "user", content: JSON.parse(spelt) }]);
  });

  it("sends max_tokens (not max_completion_tokens) to OpenAI-compatible servers, and output_config.effort as reasoning_effort", async () => {
    reply = (_req, res) => sendJson(res, 200, chatCompletion({ content: "ok" }));
    await anthropicAgentSdk(svc, "on-vllm").messages.create({
      model: "x", max_tokens: 500, messages: [{ role: "user", content: "hi" }], thinking: { type: "adaptive" }, output_config: { effort: "low" },
    } as never);
    expect(lastBody()).toEqual({ model: "qwen3", messages: [{ role: "user", content: "hi" }], max_tokens: 500, reasoning_effort: "low" });
  });

  it("turns tool use and tool results (text, images, errors) into tool_calls and tool messages with the same ids", async () => {
    reply = (_req, res) => sendJson(res, 200, chatCompletion({ content: "done" }));
    await anthropicAgentSdk(svc, "on-openai").messages.create({
      model: "x",
      max_tokens: 100,
      tools: [weather],
      messages: [
        { role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } }, { type: "image", source: { type: "url", url: "https://example.com/a.png" } }, { type: "text", text: "Weather where these are?" }] },
        { role: "assistant", content: [{ type: "thinking", thinking: "two cities", signature: "sig" }, { type: "text", text: "Checking." }, { type: "tool_use", id: "toolu_A", name: "get_weather", input: { city: "Paris" } }, { type: "tool_use", id: "toolu_B", name: "get_weather", input: { city: "Rome" } }] },
        { role: "user", content: [
          { type: "tool_result", tool_use_id: "toolu_A", content: "18°C" },
          { type: "tool_result", tool_use_id: "toolu_B", content: [{ type: "text", text: "no data" }, { type: "image", source: { type: "url", url: "https://example.com/map.png" } }], is_error: true },
          { type: "text", text: "Summarise." },
        ] },
      ],
    });
    expect(lastBody().messages).toEqual([
      { role: "user", content: [
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
        { type: "image_url", image_url: { url: "https://example.com/a.png" } },
        { type: "text", text: "Weather where these are?" },
      ] },
      { role: "assistant", content: "Checking.", tool_calls: [
        { id: "toolu_A", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
        { id: "toolu_B", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
      ] },
      { role: "tool", tool_call_id: "toolu_A", content: "18°C" },
      { role: "tool", tool_call_id: "toolu_B", content: "[tool error] no data" },
      { role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/map.png" } }] },
      { role: "user", content: "Summarise." },
    ]);
  });

  it("refuses what would change the answer's shape or lose content silently, with a 400 in Anthropic's shape", async () => {
    const sdk = anthropicAgentSdk(svc, "on-openai");
    const count = upstream.requests.length;
    const err = await sdk.messages.create({ model: "x", max_tokens: 10, messages: [{ role: "user", content: [{ type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } }] }] }).catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.error.error.message).toMatch(/base64 document, which OpenAI profiles cannot read; send its text as a text block/);
    expect(upstream.requests.length).toBe(count);
  });

  it("refuses a block type it does not know, a text block without text, and a conversation left with nothing to send", async () => {
    const sdk = anthropicAgentSdk(svc, "on-vllm");
    const count = upstream.requests.length;
    const refused = async (content: unknown) => {
      const err = await sdk.messages.create({ model: "x", max_tokens: 10, messages: [{ role: "user", content: content as never }] }).catch((e) => e);
      expect(err, JSON.stringify(content)).toBeInstanceOf(Anthropic.BadRequestError);
      return err.error.error.message as string;
    };
    expect(await refused([{ type: "foo" }])).toBe(
      "messages[0].content[0] has type 'foo', which cannot be translated for OpenAI-compatible profiles (send text, image, document, search_result, tool_use or tool_result blocks).",
    );
    expect(await refused([{ type: "text" }])).toBe("messages[0].content[0] is a text block without a string 'text'.");
    expect(await refused("")).toMatch(/^messages has no user or assistant turn with content to send/);
    expect(upstream.requests.length).toBe(count);
  });

  it("sends a search_result block as text: title, source, then its text", async () => {
    reply = (_req, res) => sendJson(res, 200, chatCompletion({ content: "ok" }));
    await anthropicAgentSdk(svc, "on-vllm").messages.create({
      model: "x",
      max_tokens: 10,
      messages: [
        {
          role: "user",
          content: [
            { type: "search_result", source: "https://example.com/a", title: "Doc A", content: [{ type: "text", text: "First." }, { type: "text", text: "Second." }] },
            { type: "text", text: "Summarise it." },
          ] as never,
        },
      ],
    });
    expect(lastBody().messages).toEqual([
      { role: "user", content: "Doc A\nhttps://example.com/a\n\nFirst.\n\nSecond.\n\nSummarise it." },
    ]);
  });

  it("sends a search_result a tool returned as the tool message's text", async () => {
    reply = (_req, res) => sendJson(res, 200, chatCompletion({ content: "ok" }));
    await anthropicAgentSdk(svc, "on-vllm").messages.create({
      model: "x",
      max_tokens: 10,
      tools: [weather],
      messages: [
        { role: "user", content: "search" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Rome" } }] },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "search_result", source: "https://e.com", title: "E", content: [{ type: "text", text: "found" }] }] },
          ] as never,
        },
      ],
    });
    expect(lastBody().messages.at(-1)).toEqual({ role: "tool", tool_call_id: "toolu_1", content: "E\nhttps://e.com\n\nfound\n\n" });
  });

  it("drops the calls and results of tools that ran at Anthropic, keeping the rest of the turn", async () => {
    reply = (_req, res) => sendJson(res, 200, chatCompletion({ content: "ok" }));
    await anthropicAgentSdk(svc, "on-vllm").messages.create({
      model: "x",
      max_tokens: 10,
      messages: [
        { role: "user", content: "search it" },
        {
          role: "assistant",
          content: [
            { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "q" } },
            { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
            { type: "text", text: "found it" },
          ] as never,
        },
        { role: "user", content: "thanks" },
      ],
    });
    expect(lastBody().messages).toEqual([
      { role: "user", content: "search it" },
      { role: "assistant", content: "found it" },
      { role: "user", content: "thanks" },
    ]);
  });
});

describe("/v1/messages to OpenAI-style profiles: the answer, translated back", () => {
  it("gives reasoning as a thinking block, then text and tool_use, with stop_reason and usage (cache read split out)", async () => {
    reply = (_req, res) =>
      sendJson(res, 200, chatCompletion(
        { content: "Let me check.", reasoning_content: "Paris is in France.", tool_calls: [{ id: "call_9", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
        "tool_calls",
        { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150, prompt_tokens_details: { cached_tokens: 100 } },
      ));
    const answer = await anthropicAgentSdk(svc, "on-openai").messages.create({ model: "x", max_tokens: 100, tools: [weather], messages: [{ role: "user", content: "Weather in Paris?" }] });
    expect(answer).toMatchObject({
      type: "message", role: "assistant", model: "gpt-5", stop_reason: "tool_use", stop_sequence: null,
      content: [
        { type: "thinking", thinking: "Paris is in France.", signature: "" },
        { type: "text", text: "Let me check." },
        { type: "tool_use", id: "call_9", name: "get_weather", input: { city: "Paris" } },
      ],
      usage: { input_tokens: 20, cache_read_input_tokens: 100, cache_creation_input_tokens: 0, output_tokens: 30 },
    });
  });

  it.each([["length", "max_tokens"], ["stop", "end_turn"], ["content_filter", "refusal"]])("maps finish_reason %s to stop_reason %s", async (finish, stop) => {
    reply = (_req, res) => sendJson(res, 200, chatCompletion({ content: "x" }, finish));
    const answer = await anthropicAgentSdk(svc, "on-vllm").messages.create({ model: "x", max_tokens: 5, messages: [{ role: "user", content: "hi" }] });
    expect(answer.stop_reason).toBe(stop);
  });

  it("streams text, thinking and tool_use (input_json_delta) that the SDK assembles, with usage in message_delta", async () => {
    reply = (_req, res) =>
      streamChunks(res, [
        delta({ role: "assistant", content: "" }),
        delta({ reasoning_content: "Think" }),
        delta({ reasoning_content: "ing." }),
        delta({ content: "Checking" }),
        delta({ content: " now." }),
        delta({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }),
        delta({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
        delta({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] }),
        delta({}, "tool_calls"),
        { choices: [], usage: { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 } },
      ]);
    const stream = anthropicAgentSdk(svc, "on-vllm").messages.stream({ model: "x", max_tokens: 100, tools: [weather], messages: [{ role: "user", content: "Oslo?" }] });
    const final = await stream.finalMessage();
    expect(lastBody()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(final).toMatchObject({
      model: "qwen3",
      stop_reason: "tool_use",
      content: [
        { type: "thinking", thinking: "Thinking." },
        { type: "text", text: "Checking now." },
        { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Oslo" } },
      ],
      usage: { input_tokens: 50, output_tokens: 12 },
    });
    await svc.audit.flush();
    const row = await svc.database.prisma.auditRequest.findFirst({ where: { agentId: "on-vllm" }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({ dialect: "messages", stream: true, status: 200, promptTokens: 50, completionTokens: 12, profileName: "local-vllm" });
  });

  it("answers count_tokens with the documented estimate: ceil(characters of JSON [system, messages, tools] / 4)", async () => {
    const body = { model: "x", system: "Be brief.", messages: [{ role: "user" as const, content: "How many tokens is this?" }], tools: [weather] };
    const counted = await anthropicAgentSdk(svc, "on-openai").messages.countTokens(body);
    expect(counted.input_tokens).toBe(Math.ceil(JSON.stringify([body.system, body.messages, body.tools]).length / 4));
  });
});
