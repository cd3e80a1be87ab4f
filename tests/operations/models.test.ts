import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "p", provider_type: "anthropic", credentials: { api_key: "sk-ant-models-test-1234" } },
  });
});
afterAll(() => svc.stop());

describe("POST /admin/models", () => {
  it("creates a model and then updates only the fields sent", async () => {
    const created = await svc.admin.POST("/admin/models", {
      body: { profile_name: "p", model_name: "claude-x", enabled: true, tags: ["fast"], max_tokens: 1024 },
    });
    expect(created.response.status).toBe(200);
    expect(created.data).toMatchObject({ profile_name: "p", model_name: "claude-x", enabled: true, tags: ["fast"], max_tokens: 1024 });
    const updated = await svc.admin.POST("/admin/models", { body: { profile_name: "p", model_name: "claude-x", enabled: false } });
    expect(updated.data).toMatchObject({ id: created.data?.id, enabled: false, tags: ["fast"], max_tokens: 1024 });
  });

  it("answers 404 for an unknown profile", async () => {
    const res = await svc.admin.POST("/admin/models", { body: { profile_name: "missing", model_name: "m" } });
    expect(res.response.status).toBe(404);
  });

  it("refuses a max_tokens that is not a positive integer", async () => {
    for (const max_tokens of [0, -1, 1.5, "10"]) {
      const res = await svc.admin.POST("/admin/models", { body: { profile_name: "p", model_name: "m", max_tokens } as never });
      expect(res.response.status, String(max_tokens)).toBe(400);
      expect(res.error?.error.param).toBe("max_tokens");
    }
  });
});

describe("GET /api/models", () => {
  it("lists a profile's models, enabled and disabled", async () => {
    await svc.admin.POST("/admin/models", { body: { profile_name: "p", model_name: "claude-y" } });
    const res = await svc.agent.GET("/api/models", { params: { query: { profile: "p" } } });
    expect(res.data?.data.map((m) => [m.model_name, m.enabled])).toEqual([
      ["claude-x", false],
      ["claude-y", true],
    ]);
  });

  it("answers 404 for an unknown profile and 400 without the parameter", async () => {
    const missing = await svc.agent.GET("/api/models", { params: { query: { profile: "missing" } } });
    expect(missing.response.status).toBe(404);
    const res = await fetch(`${svc.url}/api/models`, { headers: { authorization: `Bearer ${svc.config.agentKey}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Missing required query parameter 'profile'/);
  });
});
