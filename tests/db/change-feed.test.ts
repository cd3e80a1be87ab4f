import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealCredentials } from "../../src/crypto/credentials.ts";
import { createTestDatabase, TEST_DB, type TestDatabase } from "../helpers/database.ts";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";
import { hostPort, startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";

// Replicas share one Postgres; the embedded database is one process, where services clear caches directly.
describe.runIf(TEST_DB === "postgres")("replicas on one Postgres", () => {
  let tdb: TestDatabase;
  let upstream: MockUpstream;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    upstream = await startMockUpstream((req, res) => {
      const { model } = JSON.parse(req.body) as { model: string };
      sendJson(res, 200, { id: "c", object: "chat.completion", created: 1, model, choices: [{ index: 0, message: { role: "assistant", content: req.headers.authorization }, finish_reason: "stop" }] });
    });
  });
  afterAll(async () => {
    await upstream.close();
    await tdb.drop();
  });

  /** What replica `svc` sends upstream for `agent`: the model and the provider key. */
  async function routed(svc: TestService, agent: string): Promise<{ model: string; key: string }> {
    const res = await fetch(`${svc.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": agent, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
    });
    const body = (await res.json()) as { model?: string; choices?: Array<{ message: { content: string } }>; error?: { message: string } };
    return { model: body.model ?? `error ${res.status}: ${body.error?.message}`, key: body.choices?.[0]?.message.content ?? "" };
  }

  /** Milliseconds until `check` holds, polling; fails past `limitMs`. */
  async function within(limitMs: number, check: () => Promise<boolean>): Promise<number> {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now() - started;
  }

  async function listed(svc: TestService): Promise<string[]> {
    const res = await fetch(`${svc.url}/v1/models`, { headers: { authorization: `Bearer ${AGENT_KEY}` } });
    return ((await res.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id);
  }

  /** A switch, a provider key change and a model disable made on `a` are obeyed by `others` within 1 s. */
  async function expectCoherent(a: TestService, others: TestService[], tag: string): Promise<void> {
    const profile = `p-${tag}`;
    const agent = `agent-${tag}`;
    await a.admin.POST("/admin/profiles", { body: { profile_name: profile, provider_type: "openai_compatible", base_url: upstream.url, credentials: { api_key: `sk-${tag}-one` } } });
    await a.agent.POST("/api/switch", { body: { agent_id: agent, profile_name: profile, model_name: "m1" } });
    for (const b of others) await within(1_000, async () => (await routed(b, agent)).model === "m1");

    await a.agent.POST("/api/switch", { body: { agent_id: agent, profile_name: profile, model_name: "m2" } });
    for (const b of others) expect(await within(1_000, async () => (await routed(b, agent)).model === "m2")).toBeLessThanOrEqual(1_000);

    // A key change written by any writer (here straight through Prisma) reaches the others too.
    const row = await a.services.prisma.profile.findUniqueOrThrow({ where: { profileName: profile } });
    await a.services.prisma.profile.update({
      where: { id: row.id },
      data: { credentialsCiphertext: sealCredentials(a.services.sealingKey, row.id, { api_key: `sk-${tag}-two` }) },
    });
    for (const b of others) await within(1_000, async () => (await routed(b, agent)).key === `Bearer sk-${tag}-two`);

    await a.admin.POST("/admin/models", { body: { profile_name: profile, model_name: "m1", enabled: true } });
    for (const b of others) await within(1_000, async () => (await listed(b)).includes(`${profile}::m1`));
    await a.admin.POST("/admin/models", { body: { profile_name: profile, model_name: "m1", enabled: false } });
    for (const b of others) await within(1_000, async () => !(await listed(b)).includes(`${profile}::m1`));
  }

  it.each<[string, Record<string, string>]>([
    ["with LISTEN", {}],
    ["with LISTEN forced off (version polling only)", { CHANGE_FEED_LISTEN: "false", CHANGE_POLL_MS: "200" }],
  ])("three replicas obey a change made on one within 1 s, %s", async (_name, env) => {
    const replicas = await Promise.all([0, 1, 2].map(() => startTestService(env, tdb)));
    try {
      for (const r of replicas.slice(1)) {
        const status = r.changeFeed!.status();
        expect(status, JSON.stringify(status)).toMatchObject({ ok: true, mode: env.CHANGE_FEED_LISTEN ? "poll" : "listen" });
      }
      await expectCoherent(replicas[0]!, replicas.slice(1), env.CHANGE_FEED_LISTEN ? "poll" : "listen");
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });

  it("catches up after its database connection is cut and restored, changes made meanwhile included", async () => {
    let proxy: TcpProxy | undefined;
    const a = await startTestService({}, tdb);
    proxy = await startTcpProxy(hostPort(tdb.databaseUrl!));
    const b = await startTestService({ DATABASE_URL: proxy.via(tdb.databaseUrl!), CHANGE_POLL_MS: "200" }, tdb);
    try {
      await a.admin.POST("/admin/profiles", { body: { profile_name: "cut", provider_type: "openai_compatible", base_url: upstream.url, credentials: { api_key: "sk-cut-0000" } } });
      await a.agent.POST("/api/switch", { body: { agent_id: "cut-agent", profile_name: "cut", model_name: "before" } });
      await within(1_000, async () => (await routed(b, "cut-agent")).model === "before");

      proxy.cut();
      await within(2_000, async () => !b.changeFeed!.status().ok);
      const ready = await fetch(`${b.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "degraded", checks: { database: { ok: false }, change_feed: { ok: false } } });
      // Cut off, b still serves what it has cached; a switches meanwhile.
      expect((await routed(b, "cut-agent")).model).toBe("before");
      await a.agent.POST("/api/switch", { body: { agent_id: "cut-agent", profile_name: "cut", model_name: "during" } });

      proxy.restore();
      await within(3_000, async () => b.changeFeed!.status().ok);
      expect(await within(1_000, async () => (await routed(b, "cut-agent")).model === "during")).toBeLessThanOrEqual(1_000);
      await expectCoherent(a, [b], "after-cut");
    } finally {
      await Promise.all([a.close(), b.close()]);
      await proxy.close();
    }
  });
});
