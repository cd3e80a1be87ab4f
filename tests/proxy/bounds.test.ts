import { request } from "node:http";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAgent } from "../helpers/agents.ts";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let upstream: MockUpstream;
let reply: (req: RecordedRequest, res: ServerResponse) => void;
const MB = 1024 * 1024;

beforeAll(async () => {
  upstream = await startMockUpstream((req, res) => reply(req, res));
  svc = await startTestService({ MAX_REQUEST_BODY_MB: "4", MAX_INFLIGHT_BODY_MB: "1", BODY_READ_TIMEOUT_MS: "400", MAX_UPSTREAM_ANSWER_MB: "1" });
  await routeAgent(svc, "bounded", { name: "compat-b", type: "openai_compatible", baseUrl: upstream.url, apiKey: "sk-bounds-0001", model: "m" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

const post = (path: string, body: string) =>
  fetch(`${svc.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "bounded", "content-type": "application/json" }, body });
const chatBody = (bytes: number) => JSON.stringify({ messages: [{ role: "user", content: "x".repeat(bytes) }] });

describe("bounded resources", () => {
  it("refuses a body past the shared in-flight budget with 503 and retry-after, in the agent's dialect", async () => {
    const res = await post("/v1/messages", JSON.stringify({ max_tokens: 5, messages: [{ role: "user", content: "x".repeat(2 * MB) }] }));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "overloaded_error", message: expect.stringContaining("MAX_INFLIGHT_BODY_MB") } });
    // The budget is given back: a small call goes through.
    reply = (_req, r) => sendJson(r, 200, { id: "c", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] });
    expect((await post("/v1/chat/completions", chatBody(100))).status).toBe(200);
  });

  it("counts answers read whole against the same budget: past it a call gets 503 and retry-after, and the budget comes back", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const head = '{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"';
    reply = (_req, r) => {
      r.writeHead(200, { "content-type": "application/json" });
      r.write(head + "x".repeat(600 * 1024));
      void released.then(() => r.end('"},"finish_reason":"stop"}]}'));
    };
    const calls = [post("/v1/chat/completions", chatBody(10)), post("/v1/chat/completions", chatBody(10))];
    const refused = await Promise.race(calls);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toMatchObject({ error: { type: "overloaded_error", message: expect.stringContaining("MAX_INFLIGHT_BODY_MB") } });
    release();
    const statuses = (await Promise.all(calls)).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 503]);
    reply = (_req, r) => sendJson(r, 200, { id: "c", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] });
    expect((await post("/v1/chat/completions", chatBody(100))).status).toBe(200);
  });

  it("keeps no shared cap on connections to one provider host: 300 open streams of one agent do not queue another's call", async () => {
    await routeAgent(svc, "other", { name: "compat-b2", type: "openai_compatible", baseUrl: upstream.url, apiKey: "sk-bounds-0002", model: "m" });
    const held: ServerResponse[] = [];
    reply = (req, r) => {
      if (req.headers["authorization"] === "Bearer sk-bounds-0002") {
        return sendJson(r, 200, { id: "c", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] });
      }
      r.writeHead(200, { "content-type": "text/event-stream" });
      r.write(": open\n\n");
      held.push(r);
    };
    const opened = Array.from({ length: 300 }, () => post("/v1/chat/completions", JSON.stringify({ stream: true, messages: [{ role: "user", content: "x" }] })).then((r) => r.body?.cancel(), () => undefined));
    while (held.length < 300) await new Promise((r) => setTimeout(r, 20));
    const res = await fetch(`${svc.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "other", "content-type": "application/json" },
      body: chatBody(10),
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(200);
    for (const r of held) r.end("data: [DONE]\n\n");
    await Promise.all(opened);
  });

  it("answers a sender slower than BODY_READ_TIMEOUT_MS with 408", async () => {
    const { url } = svc;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "bounded", "content-type": "application/json", "content-length": "1000" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write('{"messages":'); // and then nothing more
    });
    expect(status).toBe(408);
  });

  it("refuses a non-stream answer larger than MAX_UPSTREAM_ANSWER_MB with 502 instead of buffering it", async () => {
    reply = (_req, r) => sendJson(r, 200, { id: "c", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "y".repeat(2 * MB) } }] });
    const res = await post("/v1/chat/completions", chatBody(10));
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("Profile 'compat-b' answered with more than 1 MB (MAX_UPSTREAM_ANSWER_MB).");
  });
});
