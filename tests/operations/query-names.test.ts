import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.stop());

// encodeURIComponent (what URLSearchParams-less clients and openapi-fetch use) leaves ' ( ) ! * as they are.
const NAME = "bob's (home)! *";

describe("names with ' ( ) ! * in query parameters", () => {
  it("can be created and then listed, by the typed client and by a hand-written URL", async () => {
    const created = await svc.admin.POST("/admin/profiles", { body: { profile_name: NAME, provider_type: "openai", credentials: { api_key: "sk-query-0000abcd" } } });
    expect(created.response.status).toBe(201);
    await svc.admin.POST("/admin/models", { body: { profile_name: NAME, model_name: "m" } });
    const typed = await svc.agent.GET("/api/models", { params: { query: { profile: NAME } } });
    expect([typed.response.status, typed.data?.data.map((m) => m.profile_name)]).toEqual([200, [NAME]]);
    const raw = await fetch(`${svc.url}/api/models?profile=${encodeURIComponent(NAME)}`, { headers: { authorization: `Bearer ${AGENT_KEY}` } });
    expect(raw.status).toBe(200);
  });

  it("work as agent ids in /api/active", async () => {
    await svc.agent.POST("/api/switch", { body: { agent_id: NAME, profile_name: NAME, model_name: "m" } });
    const active = await svc.agent.GET("/api/active", { params: { query: { agent_id: NAME } } });
    expect([active.response.status, active.data?.agent_id]).toEqual([200, NAME]);
  });
});
