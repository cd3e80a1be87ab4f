import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSwitcherClient } from "../../src/client/index.ts";
import { createKey, type CreatedKey } from "../helpers/keys.ts";
import { ADMIN_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let key: CreatedKey;

beforeAll(async () => {
  svc = await startTestService();
  const credentials = { api_key: "sk-allowed-0000abcd" };
  for (const profile_name of ["work", "home", "other"]) {
    await svc.admin.POST("/admin/profiles", { body: { profile_name, provider_type: "openai", credentials } });
  }
  key = await createKey(svc, { name: "bot", agent_ids: ["bot"], scopes: ["read", "switch"] });
});
afterAll(() => svc.stop());

const switchTo = (client: CreatedKey["client"], profile_name: string, model_name: string) =>
  client.POST("/api/switch", { body: { agent_id: "bot", profile_name, model_name } });

describe("allowed models per agent", () => {
  it("an empty list allows anything enabled", async () => {
    expect((await key.client.GET("/api/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "bot" } } })).data).toEqual({
      agent_id: "bot",
      allowed: [],
    });
    expect((await switchTo(key.client, "other", "x")).response.status).toBe(200);
  });

  it("refuses a switch outside the list with 403 naming the list, and creates no model", async () => {
    const set = await svc.admin.PUT("/admin/agents/{agent_id}/allowed-models", {
      params: { path: { agent_id: "bot" } },
      body: { allowed: [{ profile_name: "work", model_name: "gpt-a" }, { profile_name: "home" }, { profile_name: "home" }] },
    });
    expect(set.data?.allowed).toEqual([{ profile_name: "home" }, { profile_name: "work", model_name: "gpt-a" }]);

    for (const [profile, model] of [["work", "gpt-b"], ["other", "x"]] as const) {
      const refused = await switchTo(key.client, profile, model);
      expect(refused.response.status).toBe(403);
      expect(refused.error?.error.message).toBe(
        `Agent 'bot' may only be switched to: home / (any model), work / gpt-a; not ${profile} / ${model}. ` +
          "Key 'bot' (" + `msk_…${key.secret.slice(-4)}` + ") cannot override the list: pick one of those, or ask the admin to widen it (PUT /admin/agents/{agent_id}/allowed-models) or to switch with the admin key.",
      );
    }
    const models = await svc.admin.GET("/admin/profiles");
    expect(models.data?.data.length).toBe(3);
    expect((await key.client.GET("/api/models", { params: { query: { profile: "work" } } })).data?.data).toEqual([]);
    expect((await key.client.GET("/api/active")).data).toMatchObject({ profile_name: "other", model_name: "x" });
  });

  it("allows what the list names, holds the legacy key to it, and lets the admin key override it", async () => {
    expect((await switchTo(key.client, "work", "gpt-a")).response.status).toBe(200);
    expect((await switchTo(key.client, "home", "anything")).response.status).toBe(200);
    expect((await switchTo(svc.agent, "other", "x")).response.status).toBe(403);
    const admin = createSwitcherClient({ baseUrl: svc.url, key: ADMIN_KEY });
    expect((await switchTo(admin, "other", "x")).response.status).toBe(200);
  });

  it("an empty list lifts the restriction again; setting lists is admin-only", async () => {
    await svc.admin.PUT("/admin/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "bot" } }, body: { allowed: [] } });
    expect((await switchTo(key.client, "work", "gpt-z")).response.status).toBe(200);
    const res = await fetch(`${svc.url}/admin/agents/bot/allowed-models`, {
      method: "PUT",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ allowed: [] }),
    });
    expect(res.status).toBe(401);
  });

  it("holds a rollback to the list like a switch: an agent key cannot roll back outside it, the admin key can", async () => {
    const admin = createSwitcherClient({ baseUrl: svc.url, key: ADMIN_KEY });
    await svc.admin.PUT("/admin/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "bot" } }, body: { allowed: [{ profile_name: "work", model_name: "gpt-a" }] } });
    expect((await switchTo(admin, "other", "x")).response.status).toBe(200);
    expect((await switchTo(key.client, "work", "gpt-a")).response.status).toBe(200);
    const rollback = (client: CreatedKey["client"]) => client.POST("/api/agents/{agent_id}/rollback", { params: { path: { agent_id: "bot" } }, body: {} });

    const refused = await rollback(key.client);
    expect(refused.response.status).toBe(403);
    expect(refused.error?.error.message).toContain("Agent 'bot' may only be switched to: work / gpt-a; not other / x.");
    expect((await key.client.GET("/api/active")).data).toMatchObject({ profile_name: "work", model_name: "gpt-a" });

    expect((await rollback(admin)).response.status).toBe(200);
    expect((await key.client.GET("/api/active")).data).toMatchObject({ profile_name: "other", model_name: "x" });
  });
});
