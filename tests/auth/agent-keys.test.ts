import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSwitcherClient } from "../../src/client/index.ts";
import { createKey, type CreatedKey } from "../helpers/keys.ts";
import { ADMIN_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let keyA: CreatedKey;
let keyAB: CreatedKey;

const errorOf = (r: { error?: unknown }) => (r.error as { error: { type: string; message: string } }).error;

beforeAll(async () => {
  // last_used_at is written when the test says so, not when a timer happens to fire mid-test.
  svc = await startTestService({}, undefined, { keyUseFlushMs: 0 });
  const credentials = { api_key: "sk-keys-test-0000abcd" };
  await svc.admin.POST("/admin/profiles", { body: { profile_name: "work", provider_type: "openai", credentials } });
  await svc.admin.POST("/admin/profiles", { body: { profile_name: "home", provider_type: "openai", credentials } });
  for (const agent_id of ["a", "b"]) {
    await svc.agent.POST("/api/switch", { body: { agent_id, profile_name: "work", model_name: "gpt-a" } });
  }
  keyA = await createKey(svc, { name: "bot-a", agent_ids: ["a"], scopes: ["call", "read", "switch"] });
  keyAB = await createKey(svc, { name: "bots", agent_ids: ["a", "b"], scopes: ["call", "read", "switch"] });
});
afterAll(() => svc.stop());

describe("POST /admin/keys and GET /admin/keys", () => {
  it("shows the secret once, with a recognisable prefix; listings show only msk_… and the last 4", async () => {
    expect(keyA.secret).toMatch(/^msk_[A-Za-z0-9_-]{43}$/);
    const list = await svc.admin.GET("/admin/keys");
    const listed = list.data?.data.find((k) => k.id === keyA.id);
    expect(listed).toMatchObject({ name: "bot-a", key_hint: `msk_…${keyA.secret.slice(-4)}`, agent_ids: ["a"], all_agents: false, status: "active" });
    expect(JSON.stringify(list.data)).not.toContain(keyA.secret);
    expect(listed).not.toHaveProperty("secret");
  });

  it("requires exactly one of agent_ids and all_agents, known scopes, a future expiry and a unique name", async () => {
    const neither = await svc.admin.POST("/admin/keys", { body: { name: "x", scopes: ["read"] } });
    expect([neither.response.status, errorOf(neither).message]).toEqual([400, expect.stringContaining("exactly one of agent_ids")]);
    const both = await svc.admin.POST("/admin/keys", { body: { name: "x", scopes: ["read"], agent_ids: ["a"], all_agents: true } });
    expect(both.response.status).toBe(400);
    const badScope = await svc.admin.POST("/admin/keys", { body: { name: "x", scopes: ["admin" as "read"], all_agents: true } });
    expect(badScope.response.status).toBe(400);
    const past = await svc.admin.POST("/admin/keys", { body: { name: "x", scopes: ["read"], all_agents: true, expires_at: "2020-01-01T00:00:00Z" } });
    expect([past.response.status, errorOf(past).message]).toEqual([400, expect.stringContaining("in the past")]);
    const duplicate = await svc.admin.POST("/admin/keys", { body: { name: "bot-a", scopes: ["read"], all_agents: true } });
    expect(duplicate.response.status).toBe(409);
  });

  it("is admin-only: an agent key gets 401", async () => {
    const res = await fetch(`${svc.url}/admin/keys`, { headers: { authorization: `Bearer ${keyA.secret}` } });
    expect(res.status).toBe(401);
  });
});

describe("a key acts only for its agents and within its scopes", () => {
  it("agent A's key reads and switches A, and may leave agent_id out", async () => {
    expect((await keyA.client.GET("/api/active", { params: { query: { agent_id: "a" } } })).data?.agent_id).toBe("a");
    expect((await keyA.client.GET("/api/active")).data?.agent_id).toBe("a");
    const switched = await keyA.client.POST("/api/switch", { body: { profile_name: "work", model_name: "gpt-b" } });
    expect(switched.data?.active).toMatchObject({ agent_id: "a", model_name: "gpt-b" });
    expect((await keyA.client.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: "a" } } })).response.status).toBe(200);
    expect((await keyA.client.GET("/api/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "a" } } })).response.status).toBe(200);
  });

  it("agent A's key cannot read B, switch B, or see B's history or list: 403 saying what to do", async () => {
    const attempts = [
      await keyA.client.GET("/api/active", { params: { query: { agent_id: "b" } } }),
      await keyA.client.POST("/api/switch", { body: { agent_id: "b", profile_name: "work", model_name: "gpt-b" } }),
      await keyA.client.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: "b" } } }),
      await keyA.client.GET("/api/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "b" } } }),
    ];
    for (const attempt of attempts) {
      expect(attempt.response.status).toBe(403);
      expect(errorOf(attempt)).toEqual({
        type: "permission_error",
        message: `Key 'bot-a' (msk_…${keyA.secret.slice(-4)}) may act only for agent 'a', not 'b'. Use the key of agent 'b', or ask the admin for a key bound to it (POST /admin/keys).`,
      });
    }
    const b = await svc.agent.GET("/api/active", { params: { query: { agent_id: "b" } } });
    expect(b.data?.model_name).toBe("gpt-a");
  });

  it("a key bound to several agents must name one", async () => {
    const unnamed = await keyAB.client.GET("/api/active");
    expect([unnamed.response.status, errorOf(unnamed).message]).toEqual([400, expect.stringContaining("Name the agent with agent_id")]);
    expect((await keyAB.client.GET("/api/active", { params: { query: { agent_id: "b" } } })).response.status).toBe(200);
    const legacy = await svc.agent.GET("/api/active");
    expect(legacy.response.status).toBe(400);
  });

  it("a read-only key reads but cannot switch, and the message names the missing scope", async () => {
    const reader = await createKey(svc, { name: "reader", agent_ids: ["a"], scopes: ["read"] });
    expect((await reader.client.GET("/api/active")).response.status).toBe(200);
    const sw = await reader.client.POST("/api/switch", { body: { profile_name: "work", model_name: "gpt-a" } });
    expect(sw.response.status).toBe(403);
    expect(errorOf(sw).message).toContain("lacks the 'switch' scope");
    const caller = await createKey(svc, { name: "caller-only", all_agents: true, scopes: ["call"] });
    const models = await caller.client.GET("/api/models", { params: { query: { profile: "work" } } });
    expect([models.response.status, errorOf(models).message]).toEqual([403, expect.stringContaining("lacks the 'read' scope")]);
  });
});

describe("revocation and expiry", () => {
  it("a revoked key fails on the very next call", async () => {
    const key = await createKey(svc, { name: "short-lived", agent_ids: ["a"], scopes: ["read"] });
    expect((await key.client.GET("/api/active")).response.status).toBe(200);
    const revoked = await svc.admin.DELETE("/admin/keys/{key_id}", { params: { path: { key_id: key.id } } });
    expect(revoked.data).toMatchObject({ status: "revoked", revoked_at: expect.any(String) });
    const next = await key.client.GET("/api/active");
    expect(next.response.status).toBe(401);
    const again = await svc.admin.DELETE("/admin/keys/{key_id}", { params: { path: { key_id: key.id } } });
    expect(again.data?.revoked_at).toBe(revoked.data?.revoked_at);
    const unknown = await svc.admin.DELETE("/admin/keys/{key_id}", { params: { path: { key_id: "00000000-0000-4000-8000-000000000000" } } });
    expect(unknown.response.status).toBe(404);
  });

  it("an expired key fails, and is listed as expired", async () => {
    const expiresAt = new Date(Date.now() + 1_500);
    const key = await createKey(svc, { name: "expiring", agent_ids: ["a"], scopes: ["read"], expires_at: expiresAt.toISOString() });
    expect((await key.client.GET("/api/active")).response.status).toBe(200);
    await new Promise((r) => setTimeout(r, expiresAt.getTime() - Date.now() + 50));
    expect((await key.client.GET("/api/active")).response.status).toBe(401);
    const listed = (await svc.admin.GET("/admin/keys")).data?.data.find((k) => k.id === key.id);
    expect(listed?.status).toBe("expired");
  });
});

describe("last_used_at", () => {
  it("is written in batches, not per call", async () => {
    const key = await createKey(svc, { name: "counted", agent_ids: ["a"], scopes: ["read"] });
    await svc.auth.flushUses();
    for (let i = 0; i < 20; i++) await key.client.GET("/api/active");
    const before = await svc.services.prisma.agentKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(before.lastUsedAt).toBeNull();
    await svc.auth.flushUses();
    const after = await svc.services.prisma.agentKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(after.lastUsedAt).toBeInstanceOf(Date);
    const listed = (await svc.admin.GET("/admin/keys")).data?.data.find((k) => k.id === key.id);
    expect(listed?.last_used_at).toBe(after.lastUsedAt?.toISOString());
  });
});

describe("attribution", () => {
  it("switch history shows who switched: the key's name and id, the legacy key, or the admin", async () => {
    await keyA.client.POST("/api/switch", { body: { profile_name: "home", model_name: "gpt-a" } });
    await svc.agent.POST("/api/switch", { body: { agent_id: "a", profile_name: "work", model_name: "gpt-a" } });
    const adminClient = createSwitcherClient({ baseUrl: svc.url, key: ADMIN_KEY });
    await adminClient.POST("/api/switch", { body: { agent_id: "a", profile_name: "home", model_name: "gpt-b" } });
    const history = await keyA.client.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: "a" }, query: { limit: 3 } } });
    expect(history.data?.data.map((s) => [s.to_profile, s.to_model, s.actor, s.key_id])).toEqual([
      ["home", "gpt-b", "admin", null],
      ["work", "gpt-a", "legacy agent key", null],
      ["home", "gpt-a", `key bot-a (${keyA.id})`, keyA.id],
    ]);
  });
});
