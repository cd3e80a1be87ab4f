import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAgent } from "../helpers/agents.ts";
import { createKey, type CreatedKey } from "../helpers/keys.ts";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const SECRET_PROMPT = "requests-test-secret-prompt";

// Answers with the status the prompt starts with.
function statusProvider(req: RecordedRequest, res: ServerResponse) {
  const body = JSON.parse(req.body) as { model: string; messages: Array<{ content: string }> };
  const status = Number(body.messages[0]?.content.split(" ")[0]);
  if (status !== 200) return sendJson(res, status, { error: { message: "scripted", type: "server_error" } });
  sendJson(res, 200, {
    id: "c", object: "chat.completion", created: 1, model: body.model,
    choices: [{ index: 0, message: { role: "assistant", content: "ok", refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  });
}

async function call(agentId: string, status: number): Promise<void> {
  const res = await fetch(`${svc.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": agentId, "content-type": "application/json" },
    body: JSON.stringify({ model: "x", messages: [{ role: "user", content: `${status} ${SECRET_PROMPT}` }] }),
  });
  await res.arrayBuffer();
}

let svc: TestService;
let upstream: MockUpstream;
let readerOfOne: CreatedKey;
let callerOnly: CreatedKey;
// In the order made: [agent, status].
const made: Array<[string, number]> = [
  ["one", 200], ["two", 200], ["one", 429], ["one", 200], ["two", 500], ["one", 200], ["two", 200], ["one", 404],
];

beforeAll(async () => {
  upstream = await startMockUpstream(statusProvider);
  svc = await startTestService();
  const profile = { name: "req-lab", type: "openai_compatible" as const, baseUrl: `${upstream.url}/v1`, apiKey: "sk-req-lab-00000000" };
  await routeAgent(svc, "one", { ...profile, model: "m-one" });
  await routeAgent(svc, "two", { ...profile, model: "m-two" });
  for (const [agent, status] of made) await call(agent, status);
  await svc.audit.flush();
  readerOfOne = await createKey(svc, { name: "reader-one", agent_ids: ["one"], scopes: ["read"] });
  callerOnly = await createKey(svc, { name: "caller-one", agent_ids: ["one"], scopes: ["call"] });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("GET /admin/requests", () => {
  it("pages newest first with a cursor, every row exactly once", async () => {
    const seen: Array<[string, number]> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data, error } = await svc.admin.GET("/admin/requests", { params: { query: { limit: 3, ...(cursor ? { cursor } : {}) } } });
      expect(error).toBeUndefined();
      seen.push(...data!.data.map((r): [string, number] => [r.agent_id, r.status]));
      cursor = data!.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());
  });

  it("filters by agent, model, profile, dialect and status (exact, class, error)", async () => {
    const statuses = async (query: Record<string, string>) =>
      (await svc.admin.GET("/admin/requests", { params: { query } })).data!.data.map((r) => `${r.agent_id}:${r.status}`);
    expect(await statuses({ agent_id: "two" })).toEqual(["two:200", "two:500", "two:200"]);
    expect(await statuses({ model: "m-one", status: "200" })).toEqual(["one:200", "one:200", "one:200"]);
    expect(await statuses({ status: "4xx" })).toEqual(["one:404", "one:429"]);
    expect(await statuses({ status: "error" })).toEqual(["one:404", "two:500", "one:429"]);
    expect(await statuses({ profile: "req-lab", dialect: "messages" })).toEqual([]);
    expect(await statuses({ profile: "nope" })).toEqual([]);
    expect(await statuses({ since: "1h", agent_id: "two", status: "5xx" })).toEqual(["two:500"]);
    expect(await statuses({ until: "1h" })).toEqual([]);
  });

  it("never holds prompt text: only its SHA-256", async () => {
    const { data, response } = await svc.admin.GET("/admin/requests", { params: { query: { limit: 500 } } });
    expect(JSON.stringify(data)).not.toContain(SECRET_PROMPT);
    expect(data!.data.every((r) => /^[0-9a-f]{64}$/.test(r.prompt_sha256))).toBe(true);
    expect(response.status).toBe(200);
  });

  it("refuses a cursor it did not give out, and a bad status filter, saying what to fix", async () => {
    const forged = await svc.admin.GET("/admin/requests", { params: { query: { cursor: "not-a-cursor" } } });
    expect(forged.response.status).toBe(400);
    expect(forged.error?.error.message).toContain("next_cursor");
    const status = await svc.admin.GET("/admin/requests", { params: { query: { status: "teapot" } } });
    expect(status.response.status).toBe(400);
    expect(status.error?.error.message).toMatch(/status/);
  });

  it("takes RFC 3339 times as typed, colons unencoded, and refuses a range the wrong way round", async () => {
    const get = (query: string) => fetch(`${svc.url}/admin/requests?${query}`, { headers: { authorization: `Bearer ${svc.config.adminKey}` } });
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const typed = await get(`since=${since}&until=2999-01-01T00:00:00Z`);
    expect(typed.status).toBe(200);
    expect(((await typed.json()) as { data: unknown[] }).data).toHaveLength(made.length);
    const backwards = await get("since=1h&until=2h");
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { error: { message: string } }).error.message).toMatch(/^since \(.*\) must be earlier than until/);
    const plus = await get("since=2026-11-25T00:00:00+02:00");
    expect(((await plus.json()) as { error: { message: string } }).error.message).toContain("a '+' in a URL reads as a space: write it as %2B");
  });
});

describe("agent keys on the read endpoints", () => {
  it("see only their own agents in requests, usage and the agent list", async () => {
    const requests = await readerOfOne.client.GET("/admin/requests", { params: { query: { limit: 500 } } });
    expect(new Set(requests.data!.data.map((r) => r.agent_id))).toEqual(new Set(["one"]));
    const usage = await readerOfOne.client.GET("/admin/usage", {});
    expect(usage.data!.groups.map((g) => [g.group, g.requests])).toEqual([["one", 5]]);
    const agents = await readerOfOne.client.GET("/admin/agents", {});
    expect(agents.data!.data.map((a) => a.agent_id)).toEqual(["one"]);
  });

  it("get 403 naming the agent for another agent's id", async () => {
    for (const path of ["/admin/requests", "/admin/usage"] as const) {
      const res = await readerOfOne.client.GET(path, { params: { query: { agent_id: "two" } } });
      expect(res.response.status).toBe(403);
      expect(res.error?.error.message).toContain("'two'");
    }
  });

  it("need the read scope", async () => {
    const res = await callerOnly.client.GET("/admin/agents", {});
    expect(res.response.status).toBe(403);
    expect(res.error?.error.message).toContain("'read' scope");
  });

  it("are still refused on the admin-only endpoints", async () => {
    const res = await readerOfOne.client.GET("/admin/keys", {});
    expect(res.response.status).toBe(401);
  });
});
