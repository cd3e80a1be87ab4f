import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  const key = { api_key: "sk-switch-test-key-1234" };
  await svc.admin.POST("/admin/profiles", { body: { profile_name: "oa", provider_type: "openai", credentials: key } });
  await svc.admin.POST("/admin/profiles", { body: { profile_name: "oa2", provider_type: "openai", credentials: key } });
  await svc.admin.POST("/admin/profiles", { body: { profile_name: "claude", provider_type: "anthropic", credentials: key } });
  await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "local", provider_type: "openai_compatible", base_url: "http://127.0.0.1:9/v1", credentials: key },
  });
});
afterAll(() => svc.stop());

const switchTo = (agent_id: string, profile_name: string, model_name: string) =>
  svc.agent.POST("/api/switch", { body: { agent_id, profile_name, model_name } });

describe("POST /api/switch", () => {
  it("sets agent_state and writes an audit_switches row from → to", async () => {
    const first = await switchTo("alice", "oa", "gpt-4o");
    expect(first.response.status).toBe(200);
    expect(first.data?.previous).toBeNull();
    const second = await switchTo("alice", "oa2", "gpt-4o-mini");
    expect(second.data?.previous).toEqual({ profile_name: "oa", model_name: "gpt-4o" });
    expect(second.data?.active).toMatchObject({ agent_id: "alice", profile_name: "oa2", model_name: "gpt-4o-mini", provider_type: "openai" });

    const state = await svc.services.prisma.agentState.findUnique({ where: { agentId: "alice" }, include: { model: true, profile: true } });
    expect(state?.profile.profileName).toBe("oa2");
    expect(state?.model.modelName).toBe("gpt-4o-mini");
    const audit = await svc.services.prisma.auditSwitch.findMany({ where: { agentId: "alice" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.fromProfile, a.fromModel, a.toProfile, a.toModel])).toEqual([
      [null, null, "oa", "gpt-4o"],
      ["oa", "gpt-4o", "oa2", "gpt-4o-mini"],
    ]);
    expect(audit[1]!.switchedAt.toISOString()).toBe(second.data?.active.since);
  });

  it("creates an unknown model, enabled, for openai and openai_compatible", async () => {
    for (const profile of ["oa", "local"]) {
      const res = await switchTo("bob", profile, `new-model-${profile}`);
      expect(res.response.status, profile).toBe(200);
      const models = await svc.agent.GET("/api/models", { params: { query: { profile } } });
      expect(models.data?.data.find((m) => m.model_name === `new-model-${profile}`)?.enabled).toBe(true);
    }
  });

  it("refuses an unknown model for anthropic with a clear 404 and changes nothing", async () => {
    await switchTo("carol", "oa", "gpt-4o");
    const res = await switchTo("carol", "claude", "claude-unknown");
    expect(res.response.status).toBe(404);
    expect(res.error?.error.message).toMatch(/has no model 'claude-unknown'.*POST \/admin\/models/);
    expect(await svc.services.prisma.model.count({ where: { modelName: "claude-unknown" } })).toBe(0);
    const active = await svc.agent.GET("/api/active", { params: { query: { agent_id: "carol" } } });
    expect(active.data?.profile_name).toBe("oa");
  });

  it("switches to a known anthropic model", async () => {
    await svc.admin.POST("/admin/models", { body: { profile_name: "claude", model_name: "claude-sonnet-4-5", max_tokens: 4096 } });
    const res = await switchTo("carol", "claude", "claude-sonnet-4-5");
    expect(res.data?.active.provider_type).toBe("anthropic");
  });

  it("refuses a disabled model with a clear 400", async () => {
    await svc.admin.POST("/admin/models", { body: { profile_name: "oa", model_name: "retired", enabled: false } });
    const res = await switchTo("dave", "oa", "retired");
    expect(res.response.status).toBe(400);
    expect(res.error?.error.message).toMatch(/is disabled/);
    expect(await svc.services.prisma.agentState.count({ where: { agentId: "dave" } })).toBe(0);
  });

  it("answers 404 for an unknown profile", async () => {
    const res = await switchTo("erin", "nope", "gpt-4o");
    expect(res.response.status).toBe(404);
    expect(res.error?.error.message).toMatch(/No profile named 'nope'/);
  });

  it("survives 100 concurrent switches of one agent with one consistent state", async () => {
    const targets = Array.from({ length: 100 }, (_, i) => [i % 2 ? "oa" : "oa2", `race-${i % 7}`] as const);
    const results = await Promise.all(targets.map(([p, m]) => switchTo("racer", p, m)));
    expect(results.map((r) => r.response.status)).toEqual(Array(100).fill(200));

    const audit = await svc.services.prisma.auditSwitch.findMany({ where: { agentId: "racer" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(100);
    // Serialised: each row starts where the previous one ended.
    for (let i = 1; i < audit.length; i++) {
      expect([audit[i]!.fromProfile, audit[i]!.fromModel]).toEqual([audit[i - 1]!.toProfile, audit[i - 1]!.toModel]);
    }
    const state = await svc.agent.GET("/api/active", { params: { query: { agent_id: "racer" } } });
    const last = audit.at(-1)!;
    expect([state.data?.profile_name, state.data?.model_name]).toEqual([last.toProfile, last.toModel]);
    for (const profile of ["oa", "oa2"]) {
      const models = await svc.agent.GET("/api/models", { params: { query: { profile } } });
      const names = models.data!.data.map((m) => m.model_name).filter((n) => n.startsWith("race-"));
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it("creates one model row when many agents first use the same unknown model at once", async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => switchTo(`fresh-${i}`, "oa", "brand-new")));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    const profile = await svc.services.prisma.profile.findUnique({ where: { profileName: "oa" } });
    expect(await svc.services.prisma.model.count({ where: { profileId: profile!.id, modelName: "brand-new" } })).toBe(1);
  });
});

describe("GET /api/active", () => {
  it("answers 404 with a clear message for an agent with no model", async () => {
    const res = await svc.agent.GET("/api/active", { params: { query: { agent_id: "ghost" } } });
    expect(res.response.status).toBe(404);
    expect(res.error?.error.message).toContain("No active model set for agent_id 'ghost'");
  });
});
