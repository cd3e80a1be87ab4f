import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSwitcherClient } from "../src/client/index.ts";
import { startMockUpstream } from "./helpers/mock-upstream.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { spawnScript, startServerProcess } from "./helpers/process.ts";
import { ADMIN_KEY, AGENT_KEY, silentLogger } from "./helpers/service.ts";
import { openDatabase } from "../src/db/database.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb.drop());

const baseEnv = () => ({
  ROUTER_ADMIN_KEY: ADMIN_KEY,
  ROUTER_AGENT_KEY: AGENT_KEY,
  DATA_DIR: tdb.dataDir,
  ...(tdb.databaseUrl ? { DATABASE_URL: tdb.databaseUrl } : {}),
});

const start = () => startServerProcess(baseEnv(), tdb.dataDir);

// Creating a new embedded database (initdb in WebAssembly) takes 10-20 s on a busy 2-core machine.
describe("the server process", { timeout: 90_000 }, () => {
  it.each([
    [{ ROUTER_ADMIN_KEY: "" }, /ROUTER_ADMIN_KEY is not set.*npm run wizard/],
    [{ ROUTER_KMS_KEY: "abc" }, /ROUTER_KMS_KEY must be the base64 of exactly 32 bytes/],
  ])("refuses to start with %j and says why", async (override, message) => {
    const proc = spawnScript("src/server.ts", [], { ...baseEnv(), ...override }, tdb.dataDir);
    expect(await proc.exited).not.toBe(0);
    expect(proc.output()).toMatch(message);
  });

  it("refuses a second process on the same embedded database", async () => {
    // About PGlite whichever database this run tests: a folder of its own, no DATABASE_URL.
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "switcher-lock-"));
    const env = { ROUTER_ADMIN_KEY: ADMIN_KEY, ROUTER_AGENT_KEY: AGENT_KEY, DATA_DIR: dataDir };
    const { proc: first } = await startServerProcess(env, dataDir);
    const second = spawnScript("src/server.ts", [], { ...env, PORT: "0" }, dataDir);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(/Another Model Switcher \(pid \d+\) is using the embedded database/);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
  });

  it("stops on SIGTERM and keeps everything across a restart on the same database", async () => {
    const { proc: first, url } = await start();
    const admin = createSwitcherClient({ baseUrl: url, key: ADMIN_KEY });
    const agent = createSwitcherClient({ baseUrl: url, key: AGENT_KEY });
    await admin.POST("/admin/profiles", { body: { profile_name: "kept", provider_type: "openai", credentials: { api_key: "sk-kept-0000" } } });
    await agent.POST("/api/switch", { body: { agent_id: "a1", profile_name: "kept", model_name: "gpt-4o" } });

    const stoppedAt = Date.now();
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(first.output()).toContain("stopped");

    const { proc: second, url: secondUrl } = await start();
    const profiles = await createSwitcherClient({ baseUrl: secondUrl, key: ADMIN_KEY }).GET("/admin/profiles");
    expect(profiles.data?.data.map((p) => [p.profile_name, p.key_hint])).toEqual([["kept", "sk-…0000"]]);
    const active = await createSwitcherClient({ baseUrl: secondUrl, key: AGENT_KEY }).GET("/api/active", { params: { query: { agent_id: "a1" } } });
    expect(active.data).toMatchObject({ profile_name: "kept", model_name: "gpt-4o" });
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toContain("sk-kept-0000");
  });

  it("on SIGTERM finishes an in-flight stream, writes its audit row, then exits", async () => {
    const upstream = await startMockUpstream((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      let n = 0;
      const timer = setInterval(() => {
        res.write(`data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${n}"},"finish_reason":null}]}\n\n`);
        if (++n === 10) {
          clearInterval(timer);
          res.end("data: [DONE]\n\n");
        }
      }, 100);
    });
    const { proc, url } = await start();
    const admin = createSwitcherClient({ baseUrl: url, key: ADMIN_KEY });
    const agent = createSwitcherClient({ baseUrl: url, key: AGENT_KEY });
    await admin.POST("/admin/profiles", {
      body: { profile_name: "slow", provider_type: "openai_compatible", base_url: upstream.url, credentials: { api_key: "sk-slow-0000" } },
    });
    await agent.POST("/api/switch", { body: { agent_id: "drain", profile_name: "slow", model_name: "m" } });

    const res = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "drain", "content-type": "application/json" },
      body: JSON.stringify({ stream: true, messages: [{ role: "user", content: "count" }] }),
    });
    const reader = res.body!.getReader();
    await reader.read();
    proc.child.kill("SIGTERM");
    let text = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    expect(text).toContain("data: [DONE]");
    expect(await proc.exited).toBe(0);
    await upstream.close();

    const db = await openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, logger: silentLogger });
    try {
      const rows = await db.prisma.auditRequest.findMany({ where: { agentId: "drain" } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 200, stream: true, profileName: "slow" });
    } finally {
      await db.close();
    }
  });
});
