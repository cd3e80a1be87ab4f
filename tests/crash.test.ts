import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSwitcherClient } from "../src/client/index.ts";
import { openDatabase } from "../src/db/database.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { startServerProcess } from "./helpers/process.ts";
import { ADMIN_KEY, AGENT_KEY, silentLogger } from "./helpers/service.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb.drop());

describe("kill -9 during concurrent switches", () => {
  it("keeps every acknowledged switch and its audit row", { timeout: 120_000 }, async () => {
    const env = {
      ROUTER_ADMIN_KEY: ADMIN_KEY, ROUTER_AGENT_KEY: AGENT_KEY, DATA_DIR: tdb.dataDir,
      ...(tdb.databaseUrl ? { DATABASE_URL: tdb.databaseUrl } : {}),
    };
    const { proc, url } = await startServerProcess(env, tdb.dataDir);
    const admin = createSwitcherClient({ baseUrl: url, key: ADMIN_KEY });
    const agent = createSwitcherClient({ baseUrl: url, key: AGENT_KEY });
    await admin.POST("/admin/profiles", { body: { profile_name: "crash", provider_type: "openai_compatible", base_url: "http://127.0.0.1:9", credentials: { api_key: "sk-crash-0000" } } });

    // Four agents switch one after another as fast as they can; each records what was acknowledged.
    const acked = new Map<string, string[]>();
    let killed = false;
    const switching = ["a", "b", "c", "d"].map(async (agentId) => {
      acked.set(agentId, []);
      for (let i = 0; !killed; i++) {
        try {
          const { data } = await agent.POST("/api/switch", { body: { agent_id: agentId, profile_name: "crash", model_name: `m${i}` } });
          if (data && !killed) acked.get(agentId)!.push(data.active.model_name);
        } catch {
          return; // the process is gone
        }
      }
    });
    // At least 2 s, and until every agent has had a few switches acknowledged (slow on a busy machine).
    const since = Date.now();
    while (Date.now() - since < 2_000 || ([...acked.values()].some((m) => m.length < 3) && Date.now() - since < 30_000)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    killed = true;
    proc.child.kill("SIGKILL");
    await Promise.all(switching);
    await proc.exited;

    const db = await openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, logger: silentLogger });
    try {
      for (const [agentId, models] of acked) {
        expect(models.length, `acknowledged switches of ${agentId}`).toBeGreaterThan(0);
        const rows = await db.prisma.auditSwitch.findMany({ where: { agentId }, orderBy: { id: "asc" } });
        // Every acknowledged switch has its row, in order; at most one more committed just before the kill.
        expect(rows.slice(0, models.length).map((r) => r.toModel)).toEqual(models);
        expect(rows.length - models.length).toBeLessThanOrEqual(1);
        const state = await db.prisma.agentState.findUniqueOrThrow({ where: { agentId }, include: { model: true } });
        expect(state.model.modelName).toBe(rows.at(-1)!.toModel);
      }
    } finally {
      await db.close();
    }
  });
});
