import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSdk, routeAgent } from "../helpers/agents.ts";
import { answerInKind } from "../helpers/any-provider.ts";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let upstream: MockUpstream;
const lastRequest = () => upstream.requests.at(-1)!;
const lastBody = () => JSON.parse(lastRequest().body) as Record<string, any>;
const weather = { type: "function" as const, name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false }, strict: true };

// One agent per kind of profile: the same Responses calls must work on each.
const KINDS = [
  { agent: "resp-openai", path: "/v1/responses", profile: { name: "openai-r", type: "openai" as const, model: "gpt-5" } },
  { agent: "resp-compat", path: "/v1/chat/completions", profile: { name: "vllm-r", type: "openai_compatible" as const, model: "qwen3" } },
  { agent: "resp-anthropic", path: "/v1/messages", profile: { name: "claude-r", type: "anthropic" as const, model: "claude-sonnet-4-5" } },
];

beforeAll(async () => {
  upstream = await startMockUpstream(answerInKind({ text: "hi" }));
  svc = await startTestService();
  for (const { agent, profile } of KINDS) {
    await routeAgent(svc, agent, { ...profile, baseUrl: profile.type === "anthropic" ? upstream.url : `${upstream.url}/v1`, apiKey: `sk-${profile.name}-0000` });
  }
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe.each(KINDS)("/v1/responses through the openai SDK, to an $profile.type profile", ({ agent, path, profile }) => {
  it("creates a text response", async () => {
    upstream.handle(answerInKind({ text: "Hello there" }));
    const response = await agentSdk(svc, agent).responses.create({ model: "x", instructions: "Be brief.", input: "Hi" });
    expect(lastRequest().url).toBe(path);
    expect(lastBody().model).toBe(profile.model);
    expect(response.output_text).toBe("Hello there");
    expect(response).toMatchObject({ object: "response", status: "completed", usage: { input_tokens: 40, output_tokens: 9 } });
  });

  it("streams a text response with the real event sequence", async () => {
    upstream.handle(answerInKind({ text: "Streamed hello" }));
    const stream = agentSdk(svc, agent).responses.stream({ model: "x", input: [{ role: "user", content: [{ type: "input_text", text: "Hi" }] }] });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe("Streamed hello");
    expect(types[0]).toBe("response.created");
    expect(types).toContain("response.output_item.added");
    expect(types).toContain("response.output_text.delta");
    expect(types).toContain("response.output_item.done");
    expect(types.at(-1)).toBe("response.completed");
  });

  it("round-trips a function call (call_id kept both ways)", async () => {
    const sdk = agentSdk(svc, agent);
    upstream.handle(answerInKind({ call: { id: "call_W1", name: "get_weather", arguments: '{"city":"Oslo"}' } }));
    const first = await sdk.responses.create({ model: "x", input: "Weather in Oslo?", tools: [weather] });
    const call = first.output.find((item) => item.type === "function_call")!;
    expect(call).toMatchObject({ type: "function_call", call_id: "call_W1", name: "get_weather", arguments: '{"city":"Oslo"}' });

    upstream.handle(answerInKind({ text: "4°C" }));
    const second = await sdk.responses.create({
      model: "x",
      tools: [weather],
      input: [{ role: "user", content: "Weather in Oslo?" }, call, { type: "function_call_output", call_id: "call_W1", output: "4°C, cloudy" }],
    });
    expect(second.output_text).toBe("4°C");
    const sent = JSON.stringify(lastBody());
    expect(sent).toContain("call_W1");
    expect(sent).toContain("4°C, cloudy");
  });

  it("passes an image on", async () => {
    upstream.handle(answerInKind({ text: "a cat" }));
    await agentSdk(svc, agent).responses.create({
      model: "x",
      input: [{ role: "user", content: [{ type: "input_text", text: "What is this?" }, { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "auto" }] }],
    });
    expect(lastRequest().body).toContain("iVBORw0KGgo=");
  });

  it("asks for structured output with text.format json_schema", async () => {
    upstream.handle(answerInKind(profile.type === "anthropic" ? { call: { id: "toolu_j", name: "json_answer", arguments: '{"city":"Oslo"}' } } : { text: '{"city":"Oslo"}' }));
    const response = await agentSdk(svc, agent).responses.create({
      model: "x",
      input: "Which city?",
      text: { format: { type: "json_schema", name: "city", schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false }, strict: true } },
    });
    expect(JSON.parse(response.output_text)).toEqual({ city: "Oslo" });
  });
});

describe("/v1/responses: what needs stored state is refused", () => {
  it.each([
    [{ previous_response_id: "resp_123" }, "previous_response_id"],
    [{ conversation: "conv_1" }, "conversation"],
    [{ background: true }, "background"],
  ])("%j → 400 naming %s, before any provider call", async (extra, param) => {
    const count = upstream.requests.length;
    const err = await agentSdk(svc, "resp-openai").responses.create({ model: "x", input: "hi", ...extra } as never).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.error).toMatchObject({ type: "invalid_request_error", param });
    expect(err.message).toMatch(/stored state/);
    expect(upstream.requests.length).toBe(count);
  });
});

describe("/v1/responses: nothing is stored, at the switcher or at the provider", () => {
  it.each([[{ store: true }], [{}], [{ store: false }]])("%j reaches a Responses provider as store: false", async (extra) => {
    upstream.handle(answerInKind({ text: "hi" }));
    const res = await agentSdk(svc, "resp-openai").responses.create({ model: "x", input: "hi", ...extra });
    expect(res.output_text).toBe("hi");
    expect(lastRequest().url).toBe("/v1/responses");
    expect(lastBody()).toEqual({ model: "gpt-5", input: "hi", store: false });
  });
});

describe("/v1/responses passed through: a long answer's final event", () => {
  it("is taken as the end of the stream though its start is 60 KB before the stream's end", async () => {
    const text = "word ".repeat(12_000);
    const message = { type: "message", id: "msg_1", status: "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] };
    const response = { id: "resp_1", object: "response", created_at: 1, status: "completed", model: "gpt-5", output: [message], usage: { input_tokens: 5, output_tokens: 12_000, total_tokens: 12_005 } };
    const stream =
      `event: response.created\ndata: ${JSON.stringify({ type: "response.created", sequence_number: 0, response: { ...response, status: "in_progress", output: [], usage: null } })}\n\n` +
      `event: response.completed\ndata: ${JSON.stringify({ type: "response.completed", sequence_number: 1, response })}\n\n`;
    upstream.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      // In pieces, as a network delivers a long event.
      const pieces = [stream.slice(0, 20_000), stream.slice(20_000, 40_000), stream.slice(40_000)];
      const next = () => (pieces.length === 1 ? res.end(pieces.shift()) : res.write(pieces.shift(), () => setTimeout(next, 10)));
      next();
    });
    const res = await fetch(`${svc.url}/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "resp-openai", "content-type": "application/json" },
      body: JSON.stringify({ model: "x", input: "hi", stream: true }),
    });
    expect(await res.text()).toBe(stream);
    await svc.audit.flush();
    const row = await svc.services.prisma.auditRequest.findFirstOrThrow({ where: { agentId: "resp-openai" }, orderBy: { id: "desc" } });
    expect([row.status, row.completionTokens]).toEqual([200, 12_000]);
  });
});

describe("/v1/responses: a switch in the middle of a function call", () => {
  it("the call comes from an openai profile (pass-through), its output goes to an anthropic one (translated)", async () => {
    await routeAgent(svc, "resp-switch", { name: "openai-r", type: "openai", baseUrl: `${upstream.url}/v1`, apiKey: "sk-openai-r-0000", model: "gpt-5" });
    const sdk = agentSdk(svc, "resp-switch");
    upstream.handle(answerInKind({ call: { id: "call_S1", name: "get_weather", arguments: '{"city":"Rome"}' } }));
    const first = await sdk.responses.create({ model: "x", input: "Weather in Rome?", tools: [weather] });
    expect(lastRequest().url).toBe("/v1/responses");

    const switched = await svc.agent.POST("/api/switch", { body: { agent_id: "resp-switch", profile_name: "claude-r", model_name: "claude-sonnet-4-5" } });
    expect(switched.error).toBeUndefined();
    upstream.handle(answerInKind({ text: "21°C in Rome." }));
    const second = await sdk.responses.create({
      model: "x",
      tools: [weather],
      input: [{ role: "user", content: "Weather in Rome?" }, ...first.output, { type: "function_call_output", call_id: "call_S1", output: "21°C" }] as never,
    });
    expect(second.output_text).toBe("21°C in Rome.");
    expect(lastRequest().url).toBe("/v1/messages");
    expect(lastBody().messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Rome?" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "call_S1", name: "get_weather", input: { city: "Rome" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "call_S1", content: [{ type: "text", text: "21°C" }] }] },
    ]);
  });
});
