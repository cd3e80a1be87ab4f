import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretDigest } from "../../src/auth/secrets.ts";
import { parseConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { startService, type RunningService } from "../../src/service.ts";
import { createTestDatabase, TEST_DB, type TestDatabase } from "../helpers/database.ts";
import { ADMIN_KEY, AGENT_KEY } from "../helpers/service.ts";

let tdb: TestDatabase;
let svc: RunningService;
let logs = "";
const seen: string[] = [];

/** Every request goes through here, so every response body and header is kept for the scan. */
async function send(pathname: string, key: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${svc.url}${pathname}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, ...(init.body ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  seen.push(JSON.stringify([...res.headers]), text);
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  const config = parseConfig({
    ROUTER_ADMIN_KEY: ADMIN_KEY,
    ROUTER_AGENT_KEY: AGENT_KEY,
    PORT: "0",
    DATA_DIR: tdb.dataDir,
    ...(tdb.databaseUrl ? { DATABASE_URL: tdb.databaseUrl } : {}),
  });
  // The service's own logger at its most talkative, written to a string.
  svc = await startService(config, createLogger("trace", { write: (line: string) => void (logs += line) }));
});
afterAll(() => tdb.drop());

describe("a key's secret", () => {
  it("appears in no response after creation, no log line and nowhere in the database", async () => {
    await send("/admin/profiles", ADMIN_KEY, { method: "POST", body: { profile_name: "p", provider_type: "openai", credentials: { api_key: "sk-scan-0000abcd" } } });
    const created = await send("/admin/keys", ADMIN_KEY, { method: "POST", body: { name: "scanned", agent_ids: ["a"], scopes: ["read", "switch"] } });
    const secret = String(created.body.secret);
    const keyId = String((created.body.key as { id: string }).id);
    expect(secret).toMatch(/^msk_/);
    seen.length = 0; // the creation answer is the one place the secret is shown

    expect((await send("/api/switch", secret, { method: "POST", body: { profile_name: "p", model_name: "m" } })).status).toBe(200);
    expect((await send("/api/active", secret)).status).toBe(200);
    expect((await send("/api/active?agent_id=b", secret)).status).toBe(403);
    expect((await send("/api/agents/a/history", secret)).status).toBe(200);
    expect((await send("/api/active", `${secret}x`)).status).toBe(401);
    expect((await send("/api/active", secret.slice(0, -1))).status).toBe(401);
    expect((await send("/admin/keys", secret)).status).toBe(401);
    expect((await send("/api/switch", secret, { method: "POST", body: { profile_name: "p", model_name: "m", bogus: secret } })).status).toBe(400);
    expect((await send("/admin/keys", ADMIN_KEY)).status).toBe(200);
    expect((await send(`/admin/keys/${keyId}`, ADMIN_KEY, { method: "DELETE" })).status).toBe(200);
    expect((await send("/api/active", secret)).status).toBe(401);
    await svc.auth.flushUses();

    const tables = await svc.database.prisma.$queryRawUnsafe<Array<{ table_name: string }>>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    const rows: string[] = [];
    for (const { table_name } of tables) {
      const dump = await svc.database.prisma.$queryRawUnsafe<Array<{ row: string }>>(`SELECT t::text AS row FROM "${table_name}" t`);
      rows.push(...dump.map((d) => d.row));
    }
    await svc.close();

    const database = rows.join("\n");
    expect(database).toContain(secretDigest(secret)); // the scan reads the table that holds the key
    const body = secret.slice("msk_".length);
    for (const [where, text] of [["responses", seen.join("\n")], ["logs", logs], ["database", database]] as const) {
      expect({ where, found: text.includes(body) }).toEqual({ where, found: false });
      for (const routerKey of [ADMIN_KEY, AGENT_KEY]) expect({ where, found: text.includes(routerKey) }).toEqual({ where, found: false });
    }
    expect(logs).toContain('"path":"/api/active"');

    if (TEST_DB === "pglite") {
      // The embedded database's files too: tables, indexes, write-ahead log.
      for (const file of await filesUnder(tdb.dataDir)) {
        expect({ file, found: (await readFile(file)).includes(body) }).toEqual({ file, found: false });
      }
    }
  });
});
