import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicLikeProvider, openaiLikeProvider } from "../helpers/mock-provider.ts";
import { closedPort, sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

const KEY = "sk-verify-test-key-000000001234";
const openaiModels = new Set(["gpt-real"]);
let svc: TestService;
let openai: MockUpstream;
let anthropic: MockUpstream;
let slow: MockUpstream;
let profileIds: Record<string, string>;

beforeAll(async () => {
  openai = await startMockUpstream(openaiLikeProvider(openaiModels, KEY));
  anthropic = await startMockUpstream(anthropicLikeProvider(new Set(["claude-real"])));
  slow = await startMockUpstream(async (_req, res) => {
    await new Promise((r) => setTimeout(r, 1_500));
    sendJson(res, 200, {});
  });
  svc = await startTestService({ UPSTREAM_TIMEOUT_MS: "500" });
  const port = await closedPort();
  const profiles = [
    { profile_name: "oa", provider_type: "openai_compatible", base_url: `${openai.url}/v1`, api_key: KEY },
    { profile_name: "oa-badkey", provider_type: "openai_compatible", base_url: `${openai.url}/v1`, api_key: "sk-wrong-key-00000000009999" },
    { profile_name: "claude", provider_type: "anthropic", base_url: anthropic.url, api_key: KEY },
    { profile_name: "down", provider_type: "openai_compatible", base_url: `http://127.0.0.1:${port}/v1`, api_key: KEY },
    { profile_name: "slow", provider_type: "openai_compatible", base_url: `${slow.url}/v1`, api_key: KEY },
  ] as const;
  profileIds = {};
  for (const { api_key, ...p } of profiles) {
    const created = await svc.admin.POST("/admin/profiles", { body: { ...p, credentials: { api_key } } });
    profileIds[p.profile_name] = created.data!.id;
  }
  for (const model_name of ["claude-real", "claude-gone"]) await svc.admin.POST("/admin/models", { body: { profile_name: "claude", model_name } });
  await svc.agent.POST("/api/switch", { body: { agent_id: "agent", profile_name: "oa", model_name: "gpt-real" } });
});
afterAll(async () => {
  await svc.stop();
  await Promise.all([openai.close(), anthropic.close(), slow.close()]);
});

const verifiedSwitch = (profile_name: string, model_name: string, verify = true) =>
  svc.agent.POST("/api/switch", { body: { agent_id: "agent", profile_name, model_name, verify } });

async function expectUnchanged() {
  const active = await svc.agent.GET("/api/active", { params: { query: { agent_id: "agent" } } });
  expect([active.data?.profile_name, active.data?.model_name]).toEqual(["oa", "gpt-real"]);
}

describe("POST /api/switch with verify", () => {
  it("refuses a model the provider does not know with 424, says why, and changes nothing (no model created either)", async () => {
    const historyBefore = await svc.services.prisma.auditSwitch.count({ where: { agentId: "agent" } });
    const res = await verifiedSwitch("oa", "gpt-typo");
    expect(res.response.status).toBe(424);
    const body = res.error as unknown as { error: { type: string; code: string; message: string }; probe: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: "verification_failed", code: "model_not_found" });
    expect(body.error.message).toMatch(/Profile 'oa' did not accept model 'gpt-typo' \(HTTP 404, model_not_found\): The model `gpt-typo` does not exist.*Nothing was changed/);
    expect(body.probe).toMatchObject({ ok: false, status: 404, reason: "model_not_found", profile_name: "oa", model_name: "gpt-typo" });
    await expectUnchanged();
    expect(await svc.services.prisma.model.count({ where: { modelName: "gpt-typo" } })).toBe(0);
    expect(await svc.services.prisma.auditSwitch.count({ where: { agentId: "agent" } })).toBe(historyBefore);
  });

  it("sends a one-token request without tools, in the provider's dialect", async () => {
    openai.requests.length = 0;
    await verifiedSwitch("oa", "gpt-typo");
    expect(openai.requests).toHaveLength(1);
    expect(openai.requests[0]!.url).toBe("/v1/chat/completions");
    const sent = JSON.parse(openai.requests[0]!.body) as Record<string, unknown>;
    expect(sent).toEqual({ model: "gpt-typo", messages: [{ role: "user", content: expect.any(String) }], max_tokens: 1, stream: false });

    anthropic.requests.length = 0;
    await verifiedSwitch("claude", "claude-real");
    expect(anthropic.requests[0]!.url).toBe("/v1/messages");
    expect(anthropic.requests[0]!.headers["x-api-key"]).toBe(KEY);
    expect(JSON.parse(anthropic.requests[0]!.body)).toMatchObject({ model: "claude-real", max_tokens: 1 });
    await verifiedSwitch("oa", "gpt-real");
  });

  it("commits a model the provider answers for, with the probe's latency", async () => {
    openaiModels.add("gpt-new");
    const res = await verifiedSwitch("oa", "gpt-new");
    expect(res.response.status).toBe(200);
    expect(res.data?.active).toMatchObject({ profile_name: "oa", model_name: "gpt-new" });
    expect(res.data?.verification).toMatchObject({ ok: true, status: 200, reason: null });
    expect(res.data?.verification?.latency_ms).toBeGreaterThanOrEqual(0);
    await verifiedSwitch("oa", "gpt-real");
  });

  it("names a refused key, an unreachable provider and a time-out, never echoing the key", async () => {
    const badKey = await verifiedSwitch("oa-badkey", "gpt-real");
    expect(badKey.response.status).toBe(424);
    const text = JSON.stringify(badKey.error);
    expect(text).toContain('"reason":"bad_key"');
    expect(text).toContain('"status":401');
    expect(text).not.toContain("sk-wrong-key-00000000009999");
    expect(text).toContain("sk-…9999");

    const down = await verifiedSwitch("down", "m");
    expect(down.response.status).toBe(424);
    expect(JSON.stringify(down.error)).toMatch(/"status":null,"reason":"unreachable","message":"connection refused"/);

    const timedOut = await verifiedSwitch("slow", "m");
    expect(timedOut.response.status).toBe(424);
    expect(JSON.stringify(timedOut.error)).toMatch(/"reason":"timeout","message":"no answer within 500 ms"/);
    await expectUnchanged();
  });

  it("reads Anthropic's 404 for an unknown model", async () => {
    const res = await verifiedSwitch("claude", "claude-gone");
    expect(res.response.status).toBe(424);
    expect(JSON.stringify(res.error)).toMatch(/"status":404,"reason":"model_not_found","message":"model: claude-gone"/);
    await expectUnchanged();
  });

  it("keeps today's behaviour with verify false or absent: no probe, unknown models created", async () => {
    openai.requests.length = 0;
    const res = await verifiedSwitch("oa", "gpt-unprobed", false);
    expect(res.response.status).toBe(200);
    expect(res.data?.verification).toBeUndefined();
    const absent = await svc.agent.POST("/api/switch", { body: { agent_id: "agent", profile_name: "oa", model_name: "gpt-real" } });
    expect(absent.response.status).toBe(200);
    expect(openai.requests).toHaveLength(0);
  });
});

describe("POST /admin/profiles/{id}/test", () => {
  it("runs the probe on demand and reports either way with 200", async () => {
    const good = await svc.admin.POST("/admin/profiles/{id}/test", { params: { path: { id: profileIds.oa! } }, body: { model_name: "gpt-real" } });
    expect(good.response.status).toBe(200);
    expect(good.data).toMatchObject({ ok: true, profile_name: "oa", model_name: "gpt-real", status: 200 });
    const bad = await svc.admin.POST("/admin/profiles/{id}/test", { params: { path: { id: profileIds.oa! } }, body: { model_name: "nope" } });
    expect(bad.data).toMatchObject({ ok: false, status: 404, reason: "model_not_found" });
  });

  it("takes the admin key only", async () => {
    const res = await svc.agent.POST("/admin/profiles/{id}/test", { params: { path: { id: profileIds.oa! } }, body: { model_name: "gpt-real" } });
    expect(res.response.status).toBe(401);
  });
});
