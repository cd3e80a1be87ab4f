import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, TestClock } from "../helpers/clock.ts";
import { createTestDatabase, TEST_DB, type TestDatabase } from "../helpers/database.ts";
import { openaiLikeProvider } from "../helpers/mock-provider.ts";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

const KEY = "sk-schedule-test-key-0000000";
let provider: MockUpstream;
let db: TestDatabase;
let clock: TestClock;
let svc: TestService;

const start = () => startTestService({}, db, { clock, schedulerPollMs: 0 });

beforeAll(async () => {
  provider = await startMockUpstream(openaiLikeProvider(new Set(["day", "night"]), KEY));
  db = await createTestDatabase();
  clock = new TestClock();
  svc = await start();
  await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "p", provider_type: "openai_compatible", base_url: `${provider.url}/v1`, credentials: { api_key: KEY } },
  });
});
afterAll(async () => {
  await svc.stop();
  await db.drop();
  await provider.close();
});

const inHours = (h: number) => new Date(clock.now().getTime() + h * HOUR).toISOString();
const schedule = (agent_id: string, model_name: string, at: string, extra: { until?: string; verify?: boolean } = {}) =>
  svc.agent.POST("/api/schedules", { body: { agent_id, profile_name: "p", model_name, at, ...extra } });
const activeModel = async (agent_id: string) =>
  (await svc.agent.GET("/api/active", { params: { query: { agent_id } } })).data?.model_name;
const schedulesOf = async (agent_id: string) =>
  (await svc.agent.GET("/api/schedules", { params: { query: { agent_id, status: "all" } } })).data!.data;

describe("scheduled switches", () => {
  it("apply at `at` and switch back at `until`, on the injected clock, shown in the history", async () => {
    await svc.agent.POST("/api/switch", { body: { agent_id: "nightly", profile_name: "p", model_name: "day" } });
    const created = await schedule("nightly", "night", inHours(1), { until: inHours(9) });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ kind: "switch", status: "pending", model_name: "night", actor: "legacy agent key" });

    expect(await svc.scheduler.runDue()).toBe(0);
    clock.advance(HOUR);
    expect(await svc.scheduler.runDue()).toBe(1);
    expect(await activeModel("nightly")).toBe("night");
    const [applied, revert] = await schedulesOf("nightly");
    expect(applied).toMatchObject({ id: created.data!.id, status: "applied", applied_at: clock.now().toISOString() });
    expect(revert).toMatchObject({ kind: "revert", status: "pending", model_name: "day", revert_of: created.data!.id, run_at: created.data!.until });

    clock.advance(7 * HOUR);
    expect(await svc.scheduler.runDue()).toBe(0);
    clock.advance(HOUR);
    expect(await svc.scheduler.runDue()).toBe(1);
    expect(await activeModel("nightly")).toBe("day");

    const history = (await svc.agent.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: "nightly" } } })).data!.data;
    expect(history.map((h) => [h.via, h.to_model])).toEqual([["schedule", "day"], ["schedule", "night"], ["api", "day"]]);
    const after = await schedulesOf("nightly");
    expect(after.map((s) => s.history_id)).toEqual([history[1]!.id, history[0]!.id]);
  });

  it("survive a restart between `at` and `until`", async () => {
    await svc.agent.POST("/api/switch", { body: { agent_id: "restarted", profile_name: "p", model_name: "day" } });
    await schedule("restarted", "night", inHours(1), { until: inHours(2) });
    await svc.close();
    svc = await start();
    clock.advance(HOUR);
    await svc.scheduler.runDue();
    expect(await activeModel("restarted")).toBe("night");
    await svc.close();
    svc = await start();
    clock.advance(HOUR);
    await svc.scheduler.runDue();
    expect(await activeModel("restarted")).toBe("day");
  });

  it("are applied by the running service's own polling", async () => {
    await svc.close();
    svc = await startTestService({}, db, { clock, schedulerPollMs: 20 });
    await svc.agent.POST("/api/switch", { body: { agent_id: "polled", profile_name: "p", model_name: "day" } });
    await schedule("polled", "night", inHours(1));
    clock.advance(HOUR);
    const deadline = Date.now() + 5_000;
    while ((await activeModel("polled")) !== "night" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await activeModel("polled")).toBe("night");
    await svc.close();
    svc = await start();
  });

  it("verified at apply time: a refused model leaves the agent as it was and the failure is recorded", async () => {
    await svc.agent.POST("/api/switch", { body: { agent_id: "careful", profile_name: "p", model_name: "day" } });
    const created = await schedule("careful", "nigth", inHours(1), { until: inHours(2), verify: true });
    clock.advance(HOUR);
    expect(await svc.scheduler.runDue()).toBe(1);
    expect(await activeModel("careful")).toBe("day");
    const rows = await schedulesOf("careful");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: created.data!.id, status: "failed", history_id: null });
    expect(rows[0]!.outcome).toMatch(/verification failed \(HTTP 404, model_not_found\): The model `nigth` does not exist/);
    expect(await svc.services.prisma.model.count({ where: { modelName: "nigth" } })).toBe(0);
  });

  it("are held, when they apply, to the agent's allowed models as they are then, unless the admin key made them", async () => {
    await svc.admin.POST("/api/switch", { body: { agent_id: "restricted", profile_name: "p", model_name: "day" } });
    const byAgent = await schedule("restricted", "night", inHours(1));
    const byAdmin = await svc.admin.POST("/api/schedules", { body: { agent_id: "restricted", profile_name: "p", model_name: "night", at: inHours(2) } });
    expect(byAdmin.data).toMatchObject({ actor: "admin" });
    // The list changes after the schedules were made: "night" is no longer allowed.
    await svc.admin.PUT("/admin/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "restricted" } }, body: { allowed: [{ profile_name: "p", model_name: "day" }] } });

    clock.advance(HOUR);
    expect(await svc.scheduler.runDue()).toBe(1);
    expect(await activeModel("restricted")).toBe("day");
    const [refused] = await schedulesOf("restricted");
    expect(refused).toMatchObject({ id: byAgent.data!.id, status: "failed", history_id: null });
    expect(refused!.outcome).toBe(
      "Agent 'restricted' may only be switched to: p / day; not p / night. It was scheduled by legacy agent key, who cannot override the agent's allowed models.",
    );

    clock.advance(HOUR);
    expect(await svc.scheduler.runDue()).toBe(1);
    expect(await activeModel("restricted")).toBe("night");
    expect((await schedulesOf("restricted"))[1]).toMatchObject({ id: byAdmin.data!.id, status: "applied" });
    const history = (await svc.agent.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: "restricted" } } })).data!.data;
    expect(history.map((h) => [h.via, h.actor, h.to_model])).toEqual([["schedule", "admin", "night"], ["api", "admin", "day"]]);
  });

  it("are listed pending by default and cancellable once", async () => {
    const created = await schedule("cancelled", "night", inHours(1));
    const pending = (await svc.agent.GET("/api/schedules", { params: { query: { agent_id: "cancelled" } } })).data!.data;
    expect(pending.map((s) => s.id)).toEqual([created.data!.id]);
    const cancel = () => svc.agent.DELETE("/api/schedules/{schedule_id}", { params: { path: { schedule_id: created.data!.id } } });
    const first = await cancel();
    expect(first.data).toMatchObject({ status: "cancelled", outcome: "cancelled by legacy agent key" });
    const again = await cancel();
    expect(again.response.status).toBe(409);
    expect(again.error?.error.message).toMatch(/is cancelled, not pending/);
    clock.advance(HOUR);
    await svc.scheduler.runDue();
    expect(await svc.services.prisma.agentState.count({ where: { agentId: "cancelled" } })).toBe(0);
    expect((await svc.agent.GET("/api/schedules", { params: { query: { agent_id: "cancelled" } } })).data!.data).toEqual([]);
  });

  it("refuses times that make no sense, and unknown profiles", async () => {
    const past = await schedule("a", "night", inHours(-1));
    expect(past.response.status).toBe(400);
    expect(past.error?.error).toMatchObject({ param: "at", message: expect.stringMatching(/is not in the future/) });
    const backwards = await schedule("a", "night", inHours(2), { until: inHours(1) });
    expect(backwards.error?.error).toMatchObject({ param: "until", message: expect.stringMatching(/must be later than at/) });
    const unknown = await svc.agent.POST("/api/schedules", { body: { agent_id: "a", profile_name: "nope", model_name: "m", at: inHours(1) } });
    expect(unknown.response.status).toBe(404);
    const missing = await svc.agent.DELETE("/api/schedules/{schedule_id}", { params: { path: { schedule_id: "00000000-0000-4000-8000-000000000000" } } });
    expect(missing.response.status).toBe(404);
  });
});

describe("POST /api/switch with until", () => {
  it("switches now and schedules the switch back to the previous model", async () => {
    await svc.agent.POST("/api/switch", { body: { agent_id: "temporary", profile_name: "p", model_name: "day" } });
    const until = new Date(Date.now() + HOUR).toISOString();
    const res = await svc.agent.POST("/api/switch", { body: { agent_id: "temporary", profile_name: "p", model_name: "night", until } });
    expect(res.data?.revert).toMatchObject({ kind: "revert", model_name: "day", run_at: until, status: "pending" });
    expect(await activeModel("temporary")).toBe("night");
    clock.advance(2 * HOUR);
    await svc.scheduler.runDue();
    expect(await activeModel("temporary")).toBe("day");
  });

  it("refuses until for an agent with no model before", async () => {
    const res = await svc.agent.POST("/api/switch", {
      body: { agent_id: "brand-new", profile_name: "p", model_name: "night", until: new Date(Date.now() + HOUR).toISOString() },
    });
    expect(res.response.status).toBe(400);
    expect(await svc.services.prisma.agentState.count({ where: { agentId: "brand-new" } })).toBe(0);
  });
});

// PGlite is one process's embedded database; replicas need Postgres.
describe.runIf(TEST_DB === "postgres")("with three replicas on one Postgres", () => {
  it("applies each due schedule exactly once", async () => {
    const replicas = [svc, await start(), await start()];
    try {
      const agents = Array.from({ length: 30 }, (_, i) => `replicated-${i}`);
      for (const agent_id of agents) {
        await schedule(agent_id, "night", inHours(1));
        await schedule(agent_id, "day", inHours(2));
      }
      clock.advance(HOUR);
      const first = await Promise.all(replicas.map((r) => r.scheduler.runDue()));
      clock.advance(HOUR);
      const second = await Promise.all(replicas.map((r) => r.scheduler.runDue()));
      expect([...first, ...second].reduce((a, b) => a + b, 0)).toBe(60);
      const rows = await svc.services.prisma.auditSwitch.groupBy({ by: ["agentId"], where: { agentId: { in: agents } }, _count: true });
      expect(rows.map((r) => r._count)).toEqual(agents.map(() => 2));
      for (const agent_id of agents) expect(await activeModel(agent_id)).toBe("day");
    } finally {
      await replicas[1]!.close();
      await replicas[2]!.close();
    }
  });
});
