import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSdk, routeAgent } from "../helpers/agents.ts";
import { closedPort, sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { ADMIN_KEY, AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let upstream: MockUpstream;
const KEY = "sk-errors-0000000000eeee";

beforeAll(async () => {
  upstream = await startMockUpstream((_req, res) => sendJson(res, 200, {}));
  svc = await startTestService({ UPSTREAM_TIMEOUT_MS: "400", MAX_REQUEST_BODY_MB: "1" });
  await routeAgent(svc, "err-agent", { name: "flaky", type: "openai_compatible", baseUrl: upstream.url, apiKey: KEY, model: "m" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

type ApiErrorLike = { status?: number; message: string; code?: string };

/** Calls as the agent and returns the error the SDK raised (the call must fail). */
async function ask(options: { stream?: boolean } = {}): Promise<ApiErrorLike> {
  const sdk = agentSdk(svc, "err-agent");
  const messages = [{ role: "user" as const, content: "hi" }];
  try {
    if (options.stream) {
      for await (const _ of await sdk.chat.completions.create({ model: "m", messages, stream: true })) {
        // drain
      }
    } else {
      await sdk.chat.completions.create({ model: "m", messages });
    }
  } catch (err) {
    return err as ApiErrorLike;
  }
  throw new Error("expected the call to fail");
}

async function raw(path: string, init: RequestInit & { agent?: string } = {}) {
  const res = await fetch(`${svc.url}${path}`, {
    method: "POST",
    ...init,
    headers: { authorization: `Bearer ${AGENT_KEY}`, "content-type": "application/json", ...(init.agent ? { "x-agent-id": init.agent } : {}), ...(init.headers as object) },
  });
  return { status: res.status, body: (await res.json()) as { error: { message: string; type: string; code: string | null } } };
}

describe("provider failures reach the agent as OpenAI errors naming the profile", () => {
  it("passes a provider 4xx through with its status and message", async () => {
    upstream.handle((_req, res) => sendJson(res, 400, { error: { message: "context too long", type: "invalid_request_error", code: "context_length_exceeded" } }));
    const err = await ask();
    expect(err).toMatchObject({ status: 400 });
    expect(err.message).toContain("Profile 'flaky' answered 400: context too long");
    expect(err.code).toBe("context_length_exceeded");
  });

  it("answers 504 when the provider is slower than UPSTREAM_TIMEOUT_MS", async () => {
    upstream.handle(() => undefined);
    const err = await ask();
    expect(err).toMatchObject({ status: 504 });
    expect(err.message).toMatch(/Profile 'flaky' did not answer within 400 ms/);
  });

  it("answers 502 when the provider resets the connection", async () => {
    upstream.handle((_req, res) => void res.socket?.destroy());
    const err = await ask();
    expect(err).toMatchObject({ status: 502 });
    expect(err.message).toMatch(/Profile 'flaky' closed or reset the connection/);
  });

  it("answers 502 when a 200 is not a chat completion", async () => {
    upstream.handle((_req, res) => void res.end("<html>gateway</html>"));
    const err = await ask();
    expect(err).toMatchObject({ status: 502 });
    expect(err.message).toMatch(/body that is not a chat completion/);
  });

  it("answers 502 when asked to stream but the provider answers JSON", async () => {
    upstream.handle((_req, res) => sendJson(res, 200, { choices: [] }));
    const err = await ask({ stream: true });
    expect(err).toMatchObject({ status: 502 });
    expect(err.message).toMatch(/asked to stream/);
  });

  it("answers 502 when the provider refuses the connection, and keeps serving", async () => {
    await routeAgent(svc, "refused-agent", { name: "gone", type: "openai_compatible", baseUrl: `http://127.0.0.1:${await closedPort()}`, apiKey: KEY, model: "m" });
    const err = await agentSdk(svc, "refused-agent").chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(err).toMatchObject({ status: 502 });
    expect(err.message).toMatch(/Profile 'gone' refused the connection/);
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });

  it("never puts a key in an error", async () => {
    upstream.handle((_req, res) => sendJson(res, 401, { error: { message: "Incorrect API key provided" } }));
    const err = await ask();
    expect(JSON.stringify(err)).not.toContain(KEY);
    expect(JSON.stringify(err)).not.toContain(AGENT_KEY);
  });
});

describe("a stream passed through that does not end as its dialect ends an answer", () => {
  const chunk = (content: string) => `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}]}\n\n`;
  const sse = (text: string) => (_req: unknown, res: import("node:http").ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(text);
  };
  const streamed = async () => {
    const res = await fetch(`${svc.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "err-agent", "content-type": "application/json" },
      body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    return { status: res.status, text: await res.text() };
  };
  const lastAudit = async () => {
    await svc.audit.flush();
    const row = await svc.services.prisma.auditRequest.findFirstOrThrow({ where: { agentId: "err-agent" }, orderBy: { id: "desc" } });
    return row.status;
  };

  it("gets a final error frame and a 502 audit row when the provider closes it cleanly but short of its end", async () => {
    upstream.handle(sse(chunk("Hel") + 'data: {"id":"c","choi'));
    const { status, text } = await streamed();
    expect(status).toBe(200);
    expect(text.startsWith(chunk("Hel"))).toBe(true);
    expect(text).toMatch(/data: \{"error":\{"message":"Profile 'flaky' ended its stream before the answer was complete\./);
    expect(await lastAudit()).toBe(502);
  });

  it("is answered 502 when the provider sends no event at all", async () => {
    upstream.handle(sse(""));
    const { status, text } = await streamed();
    expect(status).toBe(502);
    expect(JSON.parse(text).error.message).toBe("Profile 'flaky' ended its stream before the answer was complete.");
    expect(await lastAudit()).toBe(502);
  });

  it("keeps the provider's own error event as it came, audited as 502", async () => {
    upstream.handle(sse(chunk("Hel") + 'data: {"error":{"message":"overloaded","type":"server_error"}}\n\n'));
    const { status, text } = await streamed();
    expect(status).toBe(200);
    expect(text).toBe(chunk("Hel") + 'data: {"error":{"message":"overloaded","type":"server_error"}}\n\n');
    expect(await lastAudit()).toBe(502);
  });

  it("passes as complete with [DONE], or with a finish_reason from a server that leaves [DONE] out", async () => {
    const finished = chunk("Hi").replace('"finish_reason":null', '"finish_reason":"stop"');
    for (const ending of [chunk("Hi") + "data: [DONE]\n\n", finished]) {
      upstream.handle(sse(ending));
      expect(await streamed()).toEqual({ status: 200, text: ending });
      expect(await lastAudit()).toBe(200);
    }
  });
});

describe("a client that disconnects mid-stream", () => {
  it("aborts the upstream request and is audited as 499", async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    upstream.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const timer = setInterval(() => res.write(`data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}\n\n`), 20);
      res.on("close", () => {
        clearInterval(timer);
        upstreamClosed();
      });
    });
    await routeAgent(svc, "leaver", { name: "flaky", type: "openai_compatible", baseUrl: "", apiKey: KEY, model: "m" });
    const controller = new AbortController();
    const res = await fetch(`${svc.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "leaver", "content-type": "application/json" },
      body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "go" }] }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error("upstream still open")), 3000))]);
    await new Promise((r) => setTimeout(r, 50));
    await svc.audit.flush();
    const row = await svc.services.prisma.auditRequest.findFirst({ where: { agentId: "leaver" } });
    expect(row).toMatchObject({ status: 499, stream: true });
  });
});

describe("requests refused before any upstream call", () => {
  it.each([
    ["a body that is not JSON", "{not json", 400, /not valid JSON/],
    ["a body that is an array", "[]", 400, /must be a JSON object/],
    ["no messages", JSON.stringify({ model: "m" }), 400, /'messages' must be a non-empty array/],
    ["empty messages", JSON.stringify({ messages: [] }), 400, /'messages' must be a non-empty array/],
    ["stream that is not a boolean", JSON.stringify({ messages: [{ role: "user", content: "x" }], stream: "yes" }), 400, /^stream must be true or false\.$/],
    [
      "a body nested 101 levels deep",
      `{"messages":[{"role":"user","content":${"[".repeat(98)}${"]".repeat(98)}}]}`,
      400,
      /nests more than 100 levels deep; at most 100 are accepted/,
    ],
    [
      "a body nested 300,000 levels deep",
      `{"messages":[{"role":"user","content":"x"}],"tools":${"[".repeat(300_000)}${"]".repeat(300_000)}}`,
      400,
      /nests more than 100 levels deep/,
    ],
  ])("%s → %i", async (_name, body, status, message) => {
    const before = upstream.requests.length;
    const res = await raw("/v1/chat/completions", { body, agent: "err-agent" });
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(upstream.requests.length).toBe(before);
  });

  it.each(["ff fe", "c3 28", "ed a0 80"])("400 for a body holding the bytes %s, which are not UTF-8, in the agent's dialect", async (hex) => {
    const before = upstream.requests.length;
    const body = Buffer.concat([Buffer.from('{"max_tokens":5,"messages":[{"role":"user","content":"a'), Buffer.from(hex.replaceAll(" ", ""), "hex"), Buffer.from('"}]}')]);
    const chat = await raw("/v1/chat/completions", { body, agent: "err-agent" });
    expect(chat).toEqual({ status: 400, body: { error: { type: "invalid_request_error", message: "Request body is not valid UTF-8: send JSON encoded as UTF-8.", param: null, code: null } } });
    const messages = await raw("/v1/messages", { body, agent: "err-agent" });
    expect(messages).toEqual({ status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "Request body is not valid UTF-8: send JSON encoded as UTF-8." } } });
    expect(upstream.requests.length).toBe(before);
  });

  it("takes a body that starts with a UTF-8 byte order mark, as RFC 8259 allows", async () => {
    upstream.handle((_req, res) => sendJson(res, 200, { id: "c", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] }));
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ messages: [{ role: "user", content: "hi" }] }))]);
    const res = await fetch(`${svc.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "err-agent", "content-type": "application/json" }, body });
    expect(res.status).toBe(200);
    expect(JSON.parse(upstream.requests.at(-1)!.body)).toEqual({ messages: [{ role: "user", content: "hi" }], model: "m" });
  });

  it("413 for a body over MAX_REQUEST_BODY_MB", async () => {
    const body = JSON.stringify({ messages: [{ role: "user", content: "x".repeat(1_200_000) }] });
    const res = await raw("/v1/chat/completions", { body, agent: "err-agent" });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/MAX_REQUEST_BODY_MB/);
  });

  it("400 saying how to name the agent when there is no agent id", async () => {
    const res = await raw("/v1/chat/completions", { body: JSON.stringify({ messages: [{ role: "user", content: "x" }] }) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/x-agent-id.*\/agents\/<agent_id>\/v1\/chat\/completions/);
  });

  it("400 'No active model set for agent_id' for an agent never switched", async () => {
    const err = await agentSdk(svc, "newcomer").chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] }).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.message).toContain("No active model set for agent_id 'newcomer'");
  });

  it.each([
    ["no key", undefined],
    ["a wrong key", "Bearer sk-wrong-0000000000000000"],
    ["the admin key", `Bearer ${ADMIN_KEY}`],
  ])("401 with %s", async (_name, authorization) => {
    const res = await fetch(`${svc.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "x-agent-id": "err-agent", ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ messages: [{ role: "user", content: "x" }] }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("ROUTER_AGENT_KEY");
  });

  it("400 for an agent id in the path that is malformed or holds NUL", async () => {
    for (const id of ["%E0%A4%A", "a%00b", "%20%20"]) {
      const res = await raw(`/agents/${id}/v1/chat/completions`, { body: JSON.stringify({ messages: [{ role: "user", content: "x" }] }) });
      expect(res.status, id).toBe(400);
    }
  });

  it("405 for a wrong method", async () => {
    const res = await fetch(`${svc.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${AGENT_KEY}` } });
    expect(res.status).toBe(405);
  });
});

describe("REQUIRE_AGENT_KEY_FOR_PROXY=false", () => {
  it("lets agents call /v1 without a key, but not /api", async () => {
    const open = await startTestService({ REQUIRE_AGENT_KEY_FOR_PROXY: "false" });
    try {
      const res = await fetch(`${open.url}/v1/models`);
      expect(res.status).toBe(200);
      expect((await fetch(`${open.url}/api/active?agent_id=a`)).status).toBe(401);
    } finally {
      await open.stop();
    }
  });
});
