import Anthropic from "@anthropic-ai/sdk";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicAgentSdk, routeAgent } from "../helpers/agents.ts";
import { fixture } from "../helpers/fixtures.ts";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const KEY = "sk-ant-mock-passthrough-1111";
const MODEL = "claude-sonnet-4-5";
const AGENT = "claude-code";

let svc: TestService;
let upstream: MockUpstream;
let reply: (req: RecordedRequest, res: ServerResponse) => void;
const lastRequest = () => upstream.requests.at(-1)!;
const message = (content: unknown[], extra: object = {}) => ({
  id: "msg_01Pass", type: "message", role: "assistant", model: MODEL, content, stop_reason: "end_turn", stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 7 }, ...extra,
});

beforeAll(async () => {
  upstream = await startMockUpstream((req, res) => reply(req, res));
  svc = await startTestService();
  await routeAgent(svc, AGENT, { name: "anthropic-direct", type: "anthropic", baseUrl: upstream.url, apiKey: KEY, model: MODEL });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("/v1/messages to an anthropic profile: pass-through", () => {
  it("sends the agent's bytes unchanged but for the model: thinking signatures, cache_control, documents, server tools, context_management", async () => {
    reply = (_req, res) => sendJson(res, 200, message([{ type: "text", text: "done" }]));
    const body = {
      model: "claude-opus-whatever",
      max_tokens: 2048,
      system: [{ type: "text", text: "You are terse.", cache_control: { type: "ephemeral" } }],
      messages: [
        { role: "user", content: [{ type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } }, { type: "text", text: "Summarise." }] },
        { role: "assistant", content: [{ type: "thinking", thinking: "Let me think", signature: "EqQBCkYIBxgCKkBsig==" }, { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix/LafPsn4a" }, { type: "text", text: "Sure." }] },
        { role: "user", content: "Go on", },
      ],
      tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 3 }],
      thinking: { type: "enabled", budget_tokens: 1024 },
      context_management: { edits: [{ type: "clear_tool_uses_20250919" }] },
      metadata: { user_id: "u-1" },
    };
    const raw = JSON.stringify(body, null, 1);
    const res = await fetch(`${svc.url}/v1/messages?beta=true`, {
      method: "POST",
      headers: { "x-api-key": AGENT_KEY, "x-agent-id": AGENT, "content-type": "application/json", "anthropic-version": "2023-06-01", "anthropic-beta": "context-management-2025-06-27,interleaved-thinking-2025-05-14" },
      body: raw,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "message", content: [{ type: "text", text: "done" }] });
    const seen = lastRequest();
    expect(seen.url).toBe("/v1/messages");
    // The shorter model name is written over the agent's, padded with spaces JSON ignores.
    expect(seen.body).toBe(raw.replace('"claude-opus-whatever"', JSON.stringify(MODEL).padEnd('"claude-opus-whatever"'.length)));
    expect(seen.headers).toMatchObject({
      "x-api-key": KEY, "anthropic-version": "2023-06-01", "anthropic-beta": "context-management-2025-06-27,interleaved-thinking-2025-05-14",
    });
    expect(seen.headers["x-agent-id"]).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain(AGENT_KEY);
  });

  it("works for the Anthropic SDK: create, with usage audited (cache counted) and the dialect recorded", async () => {
    reply = (_req, res) => sendJson(res, 200, message([{ type: "text", text: "Hello from Claude" }]));
    const sdk = anthropicAgentSdk(svc, AGENT);
    const answer = await sdk.messages.create({ model: "anything", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
    expect(answer.content).toEqual([{ type: "text", text: "Hello from Claude" }]);
    expect(JSON.parse(lastRequest().body).model).toBe(MODEL);
    await svc.audit.flush();
    const row = await svc.database.prisma.auditRequest.findFirst({ where: { agentId: AGENT }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({ dialect: "messages", status: 200, stream: false, promptTokens: 119, completionTokens: 5, cachedTokens: 100 });
  });

  it("relays a stream as it arrives, and audits the usage from its first and last events", async () => {
    reply = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream", "request-id": "req_123" });
      res.end(fixture("anthropic-tool-use.chunks.txt"));
    };
    const sdk = anthropicAgentSdk(svc, AGENT);
    const stream = sdk.messages.stream({ model: "x", max_tokens: 100, messages: [{ role: "user", content: "weather?" }], tools: [{ name: "get_weather", input_schema: { type: "object" } }] });
    const final = await stream.finalMessage();
    expect(final.content.find((b) => b.type === "tool_use")).toMatchObject({ id: "toolu_01Weather", name: "get_weather", input: { location: "San Francisco, CA" } });
    await svc.audit.flush();
    const row = await svc.database.prisma.auditRequest.findFirst({ where: { agentId: AGENT }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({ dialect: "messages", stream: true, status: 200, promptTokens: 482, completionTokens: 89, cachedTokens: 10 });
  });

  it("answers a stream that opens with an error event with that error's status, which the SDK raises", async () => {
    reply = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    };
    const sdk = anthropicAgentSdk(svc, AGENT);
    const err = await sdk.messages.create({ model: "x", max_tokens: 10, stream: true, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect(err.status).toBe(529);
    expect(err.error).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
    expect(err.message).toContain("Profile 'anthropic-direct' stream failed: overloaded_error: Overloaded");
  });

  it("passes the provider's error status and type through in Anthropic's shape, naming the profile, scrubbed of its key", async () => {
    reply = (_req, res) => sendJson(res, 401, { type: "error", error: { type: "authentication_error", message: `invalid x-api-key ${KEY}` } });
    const err = await anthropicAgentSdk(svc, AGENT).messages.create({ model: "x", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(err.error.error).toEqual({ type: "authentication_error", message: "Profile 'anthropic-direct' answered 401: invalid x-api-key [redacted]" });
  });

  it("forwards count_tokens with the active model", async () => {
    reply = (_req, res) => sendJson(res, 200, { input_tokens: 2095 });
    const counted = await anthropicAgentSdk(svc, AGENT).messages.countTokens({ model: "x", messages: [{ role: "user", content: "hi" }] });
    expect(counted).toEqual({ input_tokens: 2095 });
    expect(lastRequest().url).toBe("/v1/messages/count_tokens");
    expect(JSON.parse(lastRequest().body)).toEqual({ model: MODEL, messages: [{ role: "user", content: "hi" }] });
  });
});

describe("/v1/messages errors, all in Anthropic's shape", () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${svc.url}${path}`, { method: "POST", headers: { "x-api-key": AGENT_KEY, "content-type": "application/json", ...headers }, body });

  it.each([
    ["no key", "/v1/messages", "{}", { "x-api-key": "" }, 401, "authentication_error", /x-api-key/],
    ["a wrong key", "/v1/messages", "{}", { "x-api-key": "wrong-key-0123456789" }, 401, "authentication_error", /ROUTER_AGENT_KEY/],
    ["no agent named", "/v1/messages", '{"messages":[]}', {}, 400, "invalid_request_error", /x-agent-id/],
    ["not JSON", `/agents/${AGENT}/v1/messages`, "{nope", {}, 400, "invalid_request_error", /not valid JSON/],
    ["no messages", `/agents/${AGENT}/v1/messages`, '{"max_tokens":5}', {}, 400, "invalid_request_error", /messages/],
    ["an agent with no active model", "/agents/nobody/v1/messages", '{"messages":[]}', {}, 400, "invalid_request_error", /No active model set for agent_id 'nobody'/],
    ["an unknown route", "/v1/messages/batches", "{}", {}, 404, "not_found_error", /No route/],
  ])("%s", async (_what, path, body, headers, status, type, message) => {
    const res = await post(path, body, headers);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(json.type).toBe("error");
    expect(json.error.type).toBe(type);
    expect(json.error.message).toMatch(message);
  });

  it("answers a GET with 405 in Anthropic's shape", async () => {
    const res = await fetch(`${svc.url}/v1/messages`, { headers: { "x-api-key": AGENT_KEY } });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  it("answers a provider that cannot be reached with a 502 the SDK raises", async () => {
    await routeAgent(svc, "orphan", { name: "anthropic-gone", type: "anthropic", baseUrl: "http://127.0.0.1:9", apiKey: KEY, model: MODEL });
    const err = await anthropicAgentSdk(svc, "orphan").messages.create({ model: "x", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.InternalServerError);
    expect(err.status).toBe(502);
    expect(err.error).toMatchObject({ type: "error", error: { type: "api_error", message: "Profile 'anthropic-gone' refused the connection." } });
  });
});
