import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";
import { startService } from "../src/service.ts";
import { createTestDatabase, TEST_DB, type TestDatabase } from "./helpers/database.ts";
import { capturingLogger } from "./helpers/log-capture.ts";
import { sendJson, startMockUpstream, type MockUpstream } from "./helpers/mock-upstream.ts";
import { ADMIN_KEY, AGENT_KEY, startTestService } from "./helpers/service.ts";
import { hostPort, startTcpProxy } from "./helpers/tcp-proxy.ts";

// A TCP relay between the service and Postgres lets the test cut the database away and bring it back.
describe.runIf(TEST_DB === "postgres")("a Postgres outage", () => {
  let tdb: TestDatabase;
  let upstream: MockUpstream;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    upstream = await startMockUpstream((_req, res) =>
      sendJson(res, 200, { id: "c", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
    );
  });
  afterAll(async () => {
    await upstream.close();
    await tdb.drop();
  });

  const call = (url: string) =>
    fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "steady", "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
    });

  it("keeps the proxy answering, answers 503 on the control plane, and loses no audit row", async () => {
    const proxy = await startTcpProxy(hostPort(tdb.databaseUrl!));
    const svc = await startTestService({ DATABASE_URL: proxy.via(tdb.databaseUrl!) }, tdb);
    try {
      await svc.admin.POST("/admin/profiles", { body: { profile_name: "steady", provider_type: "openai_compatible", base_url: upstream.url, credentials: { api_key: "sk-steady-0000" } } });
      await svc.agent.POST("/api/switch", { body: { agent_id: "steady", profile_name: "steady", model_name: "m" } });
      let answered = 0;
      const load = async (n: number) => {
        for (let i = 0; i < n; i++) {
          expect((await call(svc.url)).status).toBe(200);
          answered++;
        }
      };
      await load(20);

      proxy.cut();
      await load(50);
      const refused = await svc.agent.POST("/api/switch", { body: { agent_id: "steady", profile_name: "steady", model_name: "other" } });
      expect(refused.response.status).toBe(503);
      expect(refused.error?.error.message).toMatch(/database is unreachable; nothing was changed/);
      expect((await svc.admin.GET("/admin/profiles")).response.status).toBe(503);
      await new Promise((r) => setTimeout(r, 700));
      const ready = await fetch(`${svc.url}/readyz`);
      const body = (await ready.json()) as { checks: { database: { ok: boolean }; audit_queue: { ok: boolean; pending: number } } };
      expect(ready.status).toBe(200);
      expect(body.checks.database.ok).toBe(false);
      expect(body.checks.audit_queue).toMatchObject({ ok: false, pending: expect.any(Number) });
      expect(body.checks.audit_queue.pending).toBeGreaterThan(0);
      const health = await fetch(`${svc.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "degraded", database: { ok: false } });

      proxy.restore();
      await load(30);
      await svc.audit.drain(15_000);
      const rows = await svc.services.prisma.auditRequest.count({ where: { agentId: "steady" } });
      expect(rows).toBe(answered);
      expect(svc.audit.status()).toMatchObject({ ok: true, pending: 0, dropped: 0, written: answered });
    } finally {
      await svc.close();
      await proxy.close();
    }
  });

  it("gives up on a Postgres that takes TCP but never answers, after the connect timeout, saying what it waited for", async () => {
    const proxy = await startTcpProxy(hostPort(tdb.databaseUrl!));
    proxy.blackhole();
    const { logger, text } = capturingLogger();
    const config = parseConfig({
      ROUTER_ADMIN_KEY: ADMIN_KEY, ROUTER_AGENT_KEY: AGENT_KEY, PORT: "0", DATA_DIR: tdb.dataDir,
      DATABASE_URL: proxy.via(tdb.databaseUrl!), DATABASE_CONNECT_TIMEOUT_MS: "2000",
    });
    const started = Date.now();
    try {
      await expect(startService(config, logger)).rejects.toThrow(/Cannot connect to DATABASE_URL \(127\.0\.0\.1:\d+\/switcher_test_\w+\) within 2000 ms \(DATABASE_CONNECT_TIMEOUT_MS\)/);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(text()).toContain("waiting for Postgres");
    } finally {
      await proxy.close();
    }
  });
});
