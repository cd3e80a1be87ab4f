import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryEntry } from "../../src/api-types.ts";
import { openaiLikeProvider } from "../helpers/mock-provider.ts";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const KEY = "sk-rollback-test-key-00000000";
let svc: TestService;
let provider: MockUpstream;
beforeAll(async () => {
  provider = await startMockUpstream(openaiLikeProvider(new Set(["m-a", "m-b", "m-c"]), KEY));
  svc = await startTestService();
  for (const profile_name of ["p1", "p2"]) {
    await svc.admin.POST("/admin/profiles", {
      body: { profile_name, provider_type: "openai_compatible", base_url: `${provider.url}/v1`, credentials: { api_key: KEY } },
    });
  }
});
afterAll(async () => {
  await svc.stop();
  await provider.close();
});

const switchTo = (agent_id: string, profile_name: string, model_name: string) =>
  svc.agent.POST("/api/switch", { body: { agent_id, profile_name, model_name } });
const rollback = (agent_id: string, body: { to?: number; verify?: boolean } = {}) =>
  svc.agent.POST("/api/agents/{agent_id}/rollback", { params: { path: { agent_id } }, body });
const active = async (agent_id: string) => {
  const res = await svc.agent.GET("/api/active", { params: { query: { agent_id } } });
  return `${res.data?.profile_name}/${res.data?.model_name}`;
};
const history = async (agent_id: string) =>
  (await svc.agent.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id }, query: { limit: 1000 } } })).data!.data;

describe("POST /api/agents/{agent_id}/rollback", () => {
  it("walks back through three switches, one step per call, recording each as a switch", async () => {
    await switchTo("walker", "p1", "m-a");
    await switchTo("walker", "p2", "m-b");
    await switchTo("walker", "p1", "m-c");

    const first = await rollback("walker");
    expect(first.response.status).toBe(200);
    expect(first.data?.active).toMatchObject({ profile_name: "p2", model_name: "m-b" });
    expect(first.data?.previous).toEqual({ profile_name: "p1", model_name: "m-c" });
    const second = await rollback("walker");
    expect(second.data?.active).toMatchObject({ profile_name: "p1", model_name: "m-a" });
    expect(await active("walker")).toBe("p1/m-a");

    const third = await rollback("walker");
    expect(third.response.status).toBe(409);
    expect(third.error?.error.message).toMatch(/no earlier model to roll back to: p1 \/ m-a was its first/);

    const rows = await history("walker");
    expect(rows.map((r) => [r.from_model, r.to_model, r.rollback_of === null ? null : rows.find((x) => x.id === r.rollback_of)?.to_model])).toEqual([
      ["m-b", "m-a", "m-a"],
      ["m-c", "m-b", "m-b"],
      ["m-b", "m-c", null],
      ["m-a", "m-b", null],
      [null, "m-a", null],
    ]);
    expect(rows.every((r) => r.via === "api" && r.actor === "legacy agent key")).toBe(true);
  });

  it("a switch after rollbacks starts a new step: rolling back returns to where the rollbacks left it", async () => {
    await switchTo("brancher", "p1", "m-a");
    await switchTo("brancher", "p1", "m-b");
    const bodiless = await fetch(`${svc.url}/api/agents/brancher/rollback`, { method: "POST", headers: { authorization: `Bearer ${AGENT_KEY}` } });
    expect(bodiless.status).toBe(200);
    await switchTo("brancher", "p2", "m-c");
    expect((await rollback("brancher")).data?.active.model_name).toBe("m-a");
  });

  it("`to` returns to the state an earlier entry set, and further rollbacks continue from there", async () => {
    const a = await switchTo("jumper", "p1", "m-a");
    const b = await switchTo("jumper", "p2", "m-b");
    await switchTo("jumper", "p1", "m-c");
    await switchTo("jumper", "p2", "m-c");
    const res = await rollback("jumper", { to: b.data!.history_id! });
    expect(res.data?.active).toMatchObject({ profile_name: "p2", model_name: "m-b" });
    expect((await history("jumper"))[0]).toMatchObject({ rollback_of: b.data!.history_id, to_model: "m-b" });
    expect((await rollback("jumper")).data?.active).toMatchObject({ profile_name: "p1", model_name: "m-a" });
    expect(a.data?.history_id).toBeLessThan(b.data!.history_id!);

    const unknown = await rollback("jumper", { to: 999_999 });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.error.message).toMatch(/no history entry 999999/);
  });

  it("verifies the target when asked, and refuses one the provider no longer serves", async () => {
    await switchTo("checker", "p1", "m-gone");
    await switchTo("checker", "p1", "m-a");
    const refused = await rollback("checker", { verify: true });
    expect(refused.response.status).toBe(424);
    expect(JSON.stringify(refused.error)).toContain('"reason":"model_not_found"');
    expect(await active("checker")).toBe("p1/m-a");
    await switchTo("checker", "p2", "m-b");
    const verified = await rollback("checker", { verify: true });
    expect(verified.data?.active.model_name).toBe("m-a");
    expect(verified.data?.verification?.ok).toBe(true);
  });

  it("answers 404 for an agent never switched, and 409 when the target model was disabled", async () => {
    expect((await rollback("nobody")).response.status).toBe(404);
    await switchTo("disabled", "p2", "m-old");
    await switchTo("disabled", "p2", "m-a");
    await svc.admin.POST("/admin/models", { body: { profile_name: "p2", model_name: "m-old", enabled: false } });
    const res = await rollback("disabled");
    expect(res.response.status).toBe(409);
    expect(res.error?.error.message).toMatch(/p2 \/ m-old .* the model is disabled/);
  });

  it("keeps one consistent chain under 50 concurrent rollbacks and switches of one agent", async () => {
    for (const m of ["m-a", "m-b", "m-c"]) await switchTo("racer", "p1", m);
    const calls = Array.from({ length: 50 }, (_, i) =>
      i % 2 ? rollback("racer").then((r) => r.response.status) : switchTo("racer", i % 4 ? "p1" : "p2", `m-${"abc"[i % 3]}`).then((r) => r.response.status),
    );
    const statuses = await Promise.all(calls);
    // A rollback may find nothing earlier (409) when rollbacks outran switches; nothing else is allowed.
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(25);

    const rows = (await history("racer")).reverse();
    expect(rows).toHaveLength(3 + statuses.filter((s) => s === 200).length);
    // Serialised: each entry starts where the previous one ended.
    for (let i = 1; i < rows.length; i++) expect([rows[i]!.from_profile, rows[i]!.from_model]).toEqual([rows[i - 1]!.to_profile, rows[i - 1]!.to_model]);
    // Replayed as an undo stack, every rollback restored exactly the entry below the one it undid.
    const stack: HistoryEntry[] = [];
    for (const row of rows) {
      if (row.rollback_of === null) {
        stack.push(row);
        continue;
      }
      stack.pop();
      const restored = stack.at(-1)!;
      expect(restored.id).toBe(row.rollback_of);
      expect([row.to_profile, row.to_model]).toEqual([restored.to_profile, restored.to_model]);
    }
    expect(await active("racer")).toBe(`${rows.at(-1)!.to_profile}/${rows.at(-1)!.to_model}`);
  });
});

describe("GET /api/agents/{agent_id}/history", () => {
  it("is empty for an agent never switched and honours limit", async () => {
    expect(await history("never")).toEqual([]);
    const limited = await svc.agent.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: "walker" }, query: { limit: 2 } } });
    expect(limited.data?.data).toHaveLength(2);
  });
});
