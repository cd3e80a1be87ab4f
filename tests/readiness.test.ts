import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { capturingLogger } from "./helpers/log-capture.ts";
import { startMockUpstream, type MockUpstream } from "./helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService } from "./helpers/service.ts";

const KEY_A = Buffer.alloc(32, 1).toString("base64");
const KEY_B = Buffer.alloc(32, 2).toString("base64");

let tdb: TestDatabase;
let upstream: MockUpstream;
beforeAll(async () => {
  tdb = await createTestDatabase();
  // A stream of 200 chunks, one every 100 ms: still running when the grace period is over.
  upstream = await startMockUpstream((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    let n = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(`data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${n}"},"finish_reason":null}]}\n\n`);
      if (++n === 200) {
        clearInterval(timer);
        res.end("data: [DONE]\n\n");
      }
    }, 100);
  });
});
afterAll(async () => {
  await upstream.close();
  await tdb.drop();
});

describe("/readyz", () => {
  it("is ready with every check in the body", async () => {
    const svc = await startTestService({ ROUTER_KMS_KEY: KEY_A }, tdb);
    try {
      await svc.admin.POST("/admin/profiles", { body: { profile_name: "sealed", provider_type: "openai_compatible", base_url: upstream.url, credentials: { api_key: "sk-sealed-0000" } } });
      const res = await fetch(`${svc.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        status: "ready",
        checks: {
          database: { ok: true, kind: svc.database.kind },
          migrations: { ok: true, pending: [] },
          credentials: { ok: true, unreadable: [] },
          audit_queue: { ok: true, pending: 0, dropped: 0 },
          change_feed: { ok: true, mode: svc.database.kind === "postgres" ? "listen" : "local" },
        },
      });
    } finally {
      await svc.close();
    }
  });

  it("names a wrong ROUTER_KMS_KEY in the log at start-up and is not ready", async () => {
    const { logger, lines } = capturingLogger();
    const svc = await startTestService({ ROUTER_KMS_KEY: KEY_B }, tdb, { logger });
    try {
      const error = lines.find((l) => l.level === 50);
      expect(error?.msg).toMatch(/^ROUTER_KMS_KEY does not open any stored provider key \(1 profiles\): it is not the key they were sealed with/);
      expect(error).toMatchObject({ unreadable: ["sealed"] });
      const res = await fetch(`${svc.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "not_ready", checks: { credentials: { ok: false, checked: 1, unreadable: ["sealed"] } } });
      expect(JSON.stringify(lines)).not.toContain("sk-sealed-0000");
    } finally {
      await svc.close();
    }
  });

  it("answers 503 draining as soon as shutdown starts; the grace period then ends the calls still running, each audited", async () => {
    const svc = await startTestService({ ROUTER_KMS_KEY: KEY_A, SHUTDOWN_DELAY_MS: "1000", SHUTDOWN_GRACE_MS: "800" }, tdb);
    await svc.admin.POST("/admin/profiles", { body: { profile_name: "slow", provider_type: "openai_compatible", base_url: upstream.url, credentials: { api_key: "sk-slow-0000" } } });
    await svc.agent.POST("/api/switch", { body: { agent_id: "draining", profile_name: "slow", model_name: "m" } });
    const res = await fetch(`${svc.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "draining", "content-type": "application/json" },
      body: JSON.stringify({ stream: true, messages: [{ role: "user", content: "count" }] }),
    });
    const reader = res.body!.getReader();
    await reader.read();

    const closed = svc.close();
    const ready = await fetch(`${svc.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "draining" });
    expect(svc.lifecycle.graceOver).toBe(false);

    let text = "";
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    } catch {
      // The call was ended at the end of the grace period.
    }
    await closed;
    expect(svc.lifecycle.graceOver).toBe(true);
    expect(text).not.toContain("[DONE]");
    const rows = await tdbRows("draining");
    expect(rows).toBe(1);
  });
});

/** Audit rows of an agent, read through a fresh connection after the service has closed. */
async function tdbRows(agentId: string): Promise<number> {
  const { openDatabase } = await import("../src/db/database.ts");
  const { silentLogger } = await import("./helpers/service.ts");
  const db = await openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, logger: silentLogger });
  try {
    return await db.prisma.auditRequest.count({ where: { agentId } });
  } finally {
    await db.close();
  }
}
