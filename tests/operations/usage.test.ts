import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAgent } from "../helpers/agents.ts";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

// The provider answers each call with the usage (and status) its prompt asks for, "input/output/cached[/status]",
// so the test knows every call's usage before making it.
function scriptedProvider(req: RecordedRequest, res: ServerResponse) {
  const body = JSON.parse(req.body) as { model: string; messages: Array<{ content: string }> };
  const [input = 0, output = 0, cached = 0, status = 200] = (body.messages[0]?.content ?? "").split("/").map(Number);
  if (status !== 200) return sendJson(res, status, { error: { message: "scripted failure", type: "server_error" } });
  sendJson(res, 200, {
    id: "c", object: "chat.completion", created: 1, model: body.model,
    choices: [{ index: 0, message: { role: "assistant", content: "ok", refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output, prompt_tokens_details: { cached_tokens: cached } },
  });
}

async function call(agentId: string, usage: string): Promise<void> {
  const res = await fetch(`${svc.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": agentId, "content-type": "application/json" },
    body: JSON.stringify({ model: "x", messages: [{ role: "user", content: usage }] }),
  });
  await res.arrayBuffer();
}

interface AuditRow {
  agent_id: string;
  profile_name: string;
  model_name: string;
  status: number;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cached_tokens: number | null;
  created_at: Date;
}

/** The figures a group of audit rows should show, summed here from the rows themselves. */
function expectedFigures(rows: AuditRow[]) {
  return {
    requests: rows.length,
    errors: rows.filter((r) => r.status >= 400).length,
    input_tokens: rows.reduce((s, r) => s + (r.prompt_tokens ?? 0), 0),
    output_tokens: rows.reduce((s, r) => s + (r.completion_tokens ?? 0), 0),
    cached_tokens: rows.reduce((s, r) => s + (r.cached_tokens ?? 0), 0),
  };
}

function groupRows<K extends string>(rows: AuditRow[], keyOf: (r: AuditRow) => K): Map<K, AuditRow[]> {
  const groups = new Map<K, AuditRow[]>();
  for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return groups;
}

const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString();
const dayOf = (at: Date) => new Date(Math.floor(at.getTime() / 86_400_000) * 86_400_000).toISOString();

// Two days ago, 10:xx and 11:xx UTC: rows at known past hours, inserted as the audit writer inserts them.
const PAST = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000 + 10 * 3_600_000);

let svc: TestService;
let upstream: MockUpstream;
let rows: AuditRow[];

beforeAll(async () => {
  upstream = await startMockUpstream(scriptedProvider);
  svc = await startTestService();
  const profile = { name: "lab", type: "openai_compatible" as const, baseUrl: `${upstream.url}/v1`, apiKey: "sk-lab-000000000000" };
  await routeAgent(svc, "alpha", { ...profile, model: "small" });
  await routeAgent(svc, "beta", { ...profile, model: "small" });
  await call("alpha", "100/10/40");
  await call("alpha", "200/20/0");
  await call("alpha", "7/0/0/500");
  await call("beta", "50/5/0");
  await routeAgent(svc, "beta", { ...profile, model: "large" });
  await call("beta", "1000/300/200");
  await call("beta", "30/3/0/429");
  await svc.audit.flush();
  const past = (minutes: number) => new Date(PAST.getTime() + minutes * 60_000).toISOString();
  await svc.services.prisma.$executeRawUnsafe(
    `INSERT INTO audit_requests (agent_id, profile_name, model_name, stream, status, latency_ms, prompt_tokens, completion_tokens, total_tokens, cached_tokens, dialect, prompt_sha256, created_at)
     VALUES ('alpha', 'lab', 'small', false, 200, 40, 11, 1, 12, 0, 'chat', 'h', $1::timestamptz),
            ('alpha', 'lab', 'small', false, 200, 900, 13, 2, 15, 5, 'chat', 'h', $2::timestamptz),
            ('beta', 'lab', 'large', true, 502, 20000, NULL, NULL, NULL, NULL, 'messages', 'h', $3::timestamptz)`,
    past(5), past(65), past(70),
  );
  rows = await svc.services.prisma.$queryRawUnsafe<AuditRow[]>(
    `SELECT agent_id, profile_name, model_name, status, prompt_tokens, completion_tokens, cached_tokens, created_at FROM audit_requests`,
  );
  expect(rows).toHaveLength(9);
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

const range = () => ({ since: new Date(PAST.getTime() - 86_400_000).toISOString(), until: new Date(Date.now() + 3_600_000).toISOString() });

describe("GET /admin/usage: figures from the hourly rollups equal sums of the audit rows", () => {
  it("by agent and hour", async () => {
    const { data, error } = await svc.admin.GET("/admin/usage", { params: { query: { group_by: "agent", bucket: "hour", ...range() } } });
    expect(error).toBeUndefined();
    const expected = groupRows(rows, (r) => `${hourOf(r.created_at)} ${r.agent_id}` as string);
    expect(data!.data).toHaveLength(expected.size);
    for (const bucket of data!.data) {
      expect(bucket).toMatchObject(expectedFigures(expected.get(`${bucket.bucket_start} ${bucket.group}`)!));
    }
    for (const group of data!.groups) expect(group).toMatchObject(expectedFigures(rows.filter((r) => r.agent_id === group.group)));
    expect(data!.total).toMatchObject(expectedFigures(rows));
  });

  it("by model and day: day buckets sum their hours", async () => {
    const { data } = await svc.admin.GET("/admin/usage", { params: { query: { group_by: "model", bucket: "day", ...range() } } });
    const expected = groupRows(rows, (r) => `${dayOf(r.created_at)} ${r.profile_name}::${r.model_name}` as string);
    expect(data!.data.map((b) => `${b.bucket_start} ${b.group}`).sort()).toEqual([...expected.keys()].sort());
    for (const bucket of data!.data) expect(bucket).toMatchObject(expectedFigures(expected.get(`${bucket.bucket_start} ${bucket.group}`)!));
    const pastDay = data!.data.filter((b) => b.bucket_start === dayOf(PAST));
    expect(pastDay.map((b) => [b.group, b.requests])).toEqual([["lab::large", 1], ["lab::small", 2]]);
  });

  it("by profile, over the default range of the last 24 hours (the past rows fall outside)", async () => {
    const { data } = await svc.admin.GET("/admin/usage", { params: { query: { group_by: "profile" } } });
    expect(data!.groups).toEqual([expect.objectContaining({ group: "lab", ...expectedFigures(rows.filter((r) => r.created_at > PAST && r.created_at.getTime() > Date.now() - 86_400_000)) })]);
  });

  it("latency percentiles come from the histogram: bucket upper bounds, capped by the slowest call", async () => {
    const { data } = await svc.admin.GET("/admin/usage", {
      params: { query: { group_by: "agent", bucket: "day", since: PAST.toISOString(), until: new Date(PAST.getTime() + 3 * 3_600_000).toISOString() } },
    });
    const alpha = data!.groups.find((g) => g.group === "alpha")!;
    // 40 ms and 900 ms: the median is in the (25, 50] bucket, the 95th in (500, 1000], capped at 900.
    expect([alpha.latency_p50_ms, alpha.latency_p95_ms]).toEqual([50, 900]);
    const beta = data!.groups.find((g) => g.group === "beta")!;
    expect([beta.latency_p50_ms, beta.latency_p95_ms]).toEqual([20000, 20000]);
  });

  it("says what to fix for a bad range", async () => {
    const backwards = await svc.admin.GET("/admin/usage", { params: { query: { since: "1h", until: "2h" } } });
    expect(backwards.response.status).toBe(400);
    expect(backwards.error?.error.message).toMatch(/since .* must be earlier than until/);
    const garbled = await svc.admin.GET("/admin/usage", { params: { query: { since: "yesterday" } } });
    expect(garbled.response.status).toBe(400);
    expect(garbled.error?.error.message).toContain("such as 2026-11-25T00:00:00Z");
    const tooMany = await svc.admin.GET("/admin/usage", { params: { query: { bucket: "hour", since: "60d" } } });
    expect(tooMany.error?.error.message).toMatch(/at most 1000/);
  });
});

describe("cost", () => {
  it("is unknown (null), never 0, while a model that used tokens has no price", async () => {
    const { data } = await svc.admin.GET("/admin/usage", { params: { query: { group_by: "model", ...range() } } });
    for (const group of data!.groups) expect(group).toMatchObject({ cost_usd: null, cost_known: false });
    expect(data!.total).toMatchObject({ cost_usd: null, cost_known: false });
  });

  it("uses the set prices: non-cached input, cached input and output, each at its price", async () => {
    await svc.admin.POST("/admin/models", { body: { profile_name: "lab", model_name: "small", input_price_per_mtok: 2, output_price_per_mtok: 8, cached_input_price_per_mtok: 0.5 } });
    const { data } = await svc.admin.GET("/admin/usage", { params: { query: { group_by: "model", ...range() } } });
    const small = rows.filter((r) => r.model_name === "small");
    const t = expectedFigures(small);
    const expectedCost = ((t.input_tokens - t.cached_tokens) * 2 + t.cached_tokens * 0.5 + t.output_tokens * 8) / 1_000_000;
    expect(data!.groups.find((g) => g.group === "lab::small")).toMatchObject({ cost_known: true });
    expect(data!.groups.find((g) => g.group === "lab::small")!.cost_usd).toBeCloseTo(expectedCost, 9);
    // "large" still has no price: its group, and every sum that includes it, stays unknown.
    expect(data!.groups.find((g) => g.group === "lab::large")).toMatchObject({ cost_usd: null, cost_known: false });
    expect(data!.total.cost_usd).toBeNull();
  });

  it("without a cached-input price, cached tokens cost the input price", async () => {
    await svc.admin.POST("/admin/models", { body: { profile_name: "lab", model_name: "large", input_price_per_mtok: 3, output_price_per_mtok: 15 } });
    const { data } = await svc.admin.GET("/admin/usage", { params: { query: { group_by: "model", ...range() } } });
    const t = expectedFigures(rows.filter((r) => r.model_name === "large"));
    expect(data!.groups.find((g) => g.group === "lab::large")!.cost_usd).toBeCloseTo((t.input_tokens * 3 + t.output_tokens * 15) / 1_000_000, 9);
    expect(data!.total.cost_known).toBe(true);
  });
});

describe("GET /admin/agents", () => {
  it("lists every agent with its active model, last switch, last call and usage over the window", async () => {
    const { data, error } = await svc.admin.GET("/admin/agents", { params: { query: { window: "24h" } } });
    expect(error).toBeUndefined();
    expect(data!.data.map((a) => [a.agent_id, a.profile_name, a.model_name, a.provider_type, a.via])).toEqual([
      ["alpha", "lab", "small", "openai_compatible", "api"],
      ["beta", "lab", "large", "openai_compatible", "api"],
    ]);
    const recent = rows.filter((r) => r.created_at.getTime() > Date.now() - 86_400_000);
    for (const agent of data!.data) {
      const own = recent.filter((r) => r.agent_id === agent.agent_id);
      expect(agent.usage).toMatchObject(expectedFigures(own));
      expect(agent.last_call_at).toBe(new Date(Math.max(...own.map((r) => r.created_at.getTime()))).toISOString());
      expect(agent.switched_by).toBe("legacy agent key");
    }
  });

  it("refuses a malformed window with a message", async () => {
    const res = await svc.admin.GET("/admin/agents", { params: { query: { window: "forever" } } });
    expect(res.response.status).toBe(400);
    expect(res.error?.error.message).toContain("window");
  });
});
