import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSwitcherClient } from "../src/client/index.ts";
import { closedPort } from "./helpers/mock-upstream.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { spawnScript, waitForHealthy } from "./helpers/process.ts";
import { ADMIN_KEY, AGENT_KEY } from "./helpers/service.ts";

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

async function start(port: number) {
  const proc = spawnScript("src/server.ts", [], { ...baseEnv(), PORT: String(port) }, tdb.dataDir);
  await waitForHealthy(`http://127.0.0.1:${port}/healthz`);
  return proc;
}

describe("the server process", () => {
  it.each([
    [{ ROUTER_ADMIN_KEY: "" }, /ROUTER_ADMIN_KEY is not set.*npm run wizard/],
    [{ ROUTER_KMS_KEY: "abc" }, /ROUTER_KMS_KEY must be the base64 of exactly 32 bytes/],
  ])("refuses to start with %j and says why", async (override, message) => {
    const proc = spawnScript("src/server.ts", [], { ...baseEnv(), ...override }, tdb.dataDir);
    expect(await proc.exited).not.toBe(0);
    expect(proc.output()).toMatch(message);
  });

  it("stops on SIGTERM and keeps everything across a restart on the same database", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const first = await start(port);
    const admin = createSwitcherClient({ baseUrl: url, key: ADMIN_KEY });
    const agent = createSwitcherClient({ baseUrl: url, key: AGENT_KEY });
    await admin.POST("/admin/profiles", { body: { profile_name: "kept", provider_type: "openai", credentials: { api_key: "sk-kept-0000" } } });
    await agent.POST("/api/switch", { body: { agent_id: "a1", profile_name: "kept", model_name: "gpt-4o" } });

    const stoppedAt = Date.now();
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(first.output()).toContain("stopped");

    const second = await start(port);
    const profiles = await admin.GET("/admin/profiles");
    expect(profiles.data?.data.map((p) => [p.profile_name, p.key_hint])).toEqual([["kept", "sk-…0000"]]);
    const active = await agent.GET("/api/active", { params: { query: { agent_id: "a1" } } });
    expect(active.data).toMatchObject({ profile_name: "kept", model_name: "gpt-4o" });
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toContain("sk-kept-0000");
  });
});
