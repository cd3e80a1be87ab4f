import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.stop());

const newProfile = (name: string, provider_type: "openai" | "anthropic" | "openai_compatible", extra = {}) => ({
  profile_name: name,
  provider_type,
  credentials: { api_key: "sk-test-secret-key-value-9876" },
  ...extra,
});

describe("POST /admin/profiles", () => {
  it("creates several profiles of the same provider type (several accounts)", async () => {
    const a = await svc.admin.POST("/admin/profiles", { body: newProfile("openai-work", "openai") });
    const b = await svc.admin.POST("/admin/profiles", { body: newProfile("openai-home", "openai") });
    expect(a.response.status).toBe(201);
    expect(b.response.status).toBe(201);
    expect(a.data?.id).not.toBe(b.data?.id);
    const list = await svc.admin.GET("/admin/profiles");
    const names = list.data?.data.map((p) => p.profile_name);
    expect(names).toEqual(expect.arrayContaining(["openai-work", "openai-home"]));
  });

  it("defaults base_url per provider and stores it without a trailing slash", async () => {
    const anthropic = await svc.admin.POST("/admin/profiles", { body: newProfile("claude", "anthropic") });
    expect(anthropic.data?.base_url).toBe("https://api.anthropic.com");
    const openai = await svc.admin.GET("/admin/profiles");
    expect(openai.data?.data.find((p) => p.profile_name === "openai-work")?.base_url).toBe("https://api.openai.com/v1");
    const custom = await svc.admin.POST("/admin/profiles", {
      body: newProfile("local", "openai_compatible", { base_url: "http://127.0.0.1:11434/v1///" }),
    });
    expect(custom.data?.base_url).toBe("http://127.0.0.1:11434/v1");
  });

  it("requires base_url for openai_compatible", async () => {
    const res = await svc.admin.POST("/admin/profiles", { body: newProfile("no-url", "openai_compatible") });
    expect(res.response.status).toBe(400);
    expect(res.error?.error.message).toMatch(/base_url is required/);
  });

  it("refuses a base_url that is not http(s) or carries a password", async () => {
    for (const base_url of ["ftp://example.com", "not a url", "https://user:pw@example.com/v1"]) {
      const res = await svc.admin.POST("/admin/profiles", { body: newProfile("bad-url", "openai_compatible", { base_url }) });
      expect(res.response.status, base_url).toBe(400);
      expect(res.error?.error.param).toBe("base_url");
    }
  });

  it("answers 409 for a duplicate name and keeps the first", async () => {
    const res = await svc.admin.POST("/admin/profiles", { body: newProfile("openai-work", "anthropic") });
    expect(res.response.status).toBe(409);
    expect(res.error?.error.message).toMatch(/already exists/);
    const list = await svc.admin.GET("/admin/profiles");
    expect(list.data?.data.filter((p) => p.profile_name === "openai-work").map((p) => p.provider_type)).toEqual(["openai"]);
  });

  it("keeps names literally: case, spaces and unicode are distinct names", async () => {
    for (const name of ["Openai-Work", " openai-work", "账户 ✓"]) {
      const res = await svc.admin.POST("/admin/profiles", { body: newProfile(name, "openai") });
      expect(res.response.status, name).toBe(201);
      expect(res.data?.profile_name).toBe(name);
    }
  });

  it("refuses blank names, names with '::' and names over 200 characters", async () => {
    for (const name of ["", "   ", "a::b", "x".repeat(201)]) {
      const res = await svc.admin.POST("/admin/profiles", { body: newProfile(name, "openai") });
      expect(res.response.status, JSON.stringify(name)).toBe(400);
      expect(res.error?.error.param).toBe("profile_name");
    }
  });

  it("never returns the API key, only a masked hint", async () => {
    const res = await svc.admin.POST("/admin/profiles", { body: newProfile("hinted", "openai") });
    expect(res.data?.key_hint).toBe("sk-…9876");
    const list = await svc.admin.GET("/admin/profiles");
    const text = JSON.stringify(list.data);
    expect(text).not.toContain("secret-key-value");
  });
});

describe("DELETE /admin/profiles/{id}", () => {
  it("deletes an unused profile and its models", async () => {
    const created = await svc.admin.POST("/admin/profiles", { body: newProfile("doomed", "openai") });
    const id = created.data!.id;
    await svc.admin.POST("/admin/models", { body: { profile_name: "doomed", model_name: "m1" } });
    const res = await svc.admin.DELETE("/admin/profiles/{id}", { params: { path: { id } } });
    expect(res.response.status).toBe(204);
    expect(await svc.services.prisma.model.count({ where: { profileId: id } })).toBe(0);
    const again = await svc.admin.DELETE("/admin/profiles/{id}", { params: { path: { id } } });
    expect(again.response.status).toBe(404);
  });

  it("answers 409 and deletes nothing while an agent uses the profile", async () => {
    const created = await svc.admin.POST("/admin/profiles", { body: newProfile("in-use", "openai") });
    const id = created.data!.id;
    await svc.agent.POST("/api/switch", { body: { agent_id: "worker-1", profile_name: "in-use", model_name: "gpt-4o" } });
    const res = await svc.admin.DELETE("/admin/profiles/{id}", { params: { path: { id } } });
    expect(res.response.status).toBe(409);
    expect(res.error?.error.message).toContain("worker-1");
    expect(await svc.services.prisma.profile.count({ where: { id } })).toBe(1);
    expect(await svc.services.prisma.model.count({ where: { profileId: id } })).toBe(1);
    const active = await svc.agent.GET("/api/active", { params: { query: { agent_id: "worker-1" } } });
    expect(active.data?.profile_name).toBe("in-use");
  });

  it("answers 400 for an id that is not a UUID", async () => {
    const res = await svc.admin.DELETE("/admin/profiles/{id}", { params: { path: { id: "not-a-uuid" } } });
    expect(res.response.status).toBe(400);
  });
});
