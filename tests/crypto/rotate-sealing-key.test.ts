import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCredentials } from "../../src/crypto/credentials.ts";
import { rotateSealingKey } from "../../src/crypto/rotate-sealing-key.ts";
import { openDatabase, type Database } from "../../src/db/database.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { spawnScript } from "../helpers/process.ts";
import { ADMIN_KEY, AGENT_KEY, silentLogger, startTestService } from "../helpers/service.ts";

const OLD = randomBytes(32).toString("base64");
const NEW = randomBytes(32).toString("base64");
const PROFILES = ["p1", "p2", "p3", "p4"];
const providerKey = (name: string) => `sk-${name}-000000000000`;

let tdb: TestDatabase;
let upstream: MockUpstream;

beforeAll(async () => {
  tdb = await createTestDatabase();
  // The provider answers only the profile's own key, so a model list proves the key was decrypted intact.
  upstream = await startMockUpstream((req, res) => {
    const name = /^\/(\w+)\//.exec(req.url)?.[1] ?? "";
    if (req.headers.authorization !== `Bearer ${providerKey(name)}`) return sendJson(res, 401, { error: { message: "bad key" } });
    sendJson(res, 200, { data: [{ id: `${name}-model` }] });
  });
  const svc = await startTestService({ ROUTER_KMS_KEY: OLD }, tdb);
  for (const name of PROFILES) {
    await svc.admin.POST("/admin/profiles", {
      body: { profile_name: name, provider_type: "openai_compatible", base_url: `${upstream.url}/${name}`, credentials: { api_key: providerKey(name) } },
    });
  }
  await svc.close();
});
afterAll(async () => {
  await upstream.close();
  await tdb.drop();
});

const dbEnv = () => ({ DATA_DIR: tdb.dataDir, ...(tdb.databaseUrl ? { DATABASE_URL: tdb.databaseUrl } : {}) });

async function withDatabase<T>(use: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, logger: silentLogger });
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

/** Which key opens each profile's stored credentials. */
const openedBy = (db: Database) =>
  db.prisma.profile.findMany({ orderBy: { profileName: "asc" } }).then((rows) =>
    rows.map((row) => {
      for (const [label, key] of [["old", OLD], ["new", NEW]] as const) {
        try {
          return [row.profileName, label, openCredentials(Buffer.from(key, "base64"), row.id, row.credentialsCiphertext, row.profileName).api_key];
        } catch {
          // try the other key
        }
      }
      return [row.profileName, "none", ""];
    }),
  );

const allOpenedBy = (label: string) => PROFILES.map((name) => [name, label, providerKey(name)]);

const rotate = async (env: Record<string, string>) => {
  const run = spawnScript("src/cli/rotate-kms-key.ts", [], { ROUTER_ADMIN_KEY: ADMIN_KEY, ROUTER_AGENT_KEY: AGENT_KEY, ...dbEnv(), ...env }, tdb.dataDir);
  return { code: await run.exited, output: run.output() };
};

describe("ROUTER_KMS_KEY rotation", () => {
  it("a rotation interrupted halfway loses nothing: every credential still opens with the old key", async () => {
    await withDatabase(async (db) => {
      const interrupted = rotateSealingKey(db.prisma, Buffer.from(OLD, "base64"), Buffer.from(NEW, "base64"), {
        afterEach: (done) => {
          if (done === 2) throw new Error("power cut");
        },
      });
      await expect(interrupted).rejects.toThrow("power cut");
      expect(await openedBy(db)).toEqual(allOpenedBy("old"));
    });
  });

  it("refuses the whole rotation, naming the profile, when a row halfway opens with neither key", async () => {
    const p3 = await withDatabase((db) => db.prisma.profile.findUniqueOrThrow({ where: { profileName: "p3" } }));
    await withDatabase((db) => db.prisma.profile.update({ where: { id: p3.id }, data: { credentialsCiphertext: "v1.AAAA.AAAA.AAAA" } }));
    const r = await rotate({ ROUTER_KMS_KEY_OLD: OLD, ROUTER_KMS_KEY: NEW });
    expect(r.code).toBe(1);
    expect(r.output).toContain("Profile 'p3' opens with neither the old nor the new key; nothing was changed.");
    await withDatabase(async (db) => {
      expect((await openedBy(db)).filter(([name]) => name !== "p3")).toEqual(allOpenedBy("old").filter(([name]) => name !== "p3"));
      await db.prisma.profile.update({ where: { id: p3.id }, data: { credentialsCiphertext: p3.credentialsCiphertext } });
    });
    const wrongOld = await rotate({ ROUTER_KMS_KEY_OLD: randomBytes(32).toString("base64"), ROUTER_KMS_KEY: NEW });
    expect([wrongOld.code, wrongOld.output]).toEqual([1, expect.stringMatching(/Profile 'p\d' opens with neither the old nor the new key; nothing was changed/)]);
    await withDatabase(async (db) => expect(await openedBy(db)).toEqual(allOpenedBy("old")));
  });

  it("re-seals every profile under the new key, and the service uses them all afterwards", async () => {
    const r = await rotate({ ROUTER_KMS_KEY_OLD: OLD, ROUTER_KMS_KEY: NEW });
    expect([r.code, r.output.trim()]).toEqual([0, "Re-sealed 4 profile key(s) under the new ROUTER_KMS_KEY. Remove ROUTER_KMS_KEY_OLD from .env and start the service."]);
    await withDatabase(async (db) => expect(await openedBy(db)).toEqual(allOpenedBy("new")));

    const svc = await startTestService({ ROUTER_KMS_KEY: NEW }, tdb);
    try {
      for (const profile of (await svc.admin.GET("/admin/profiles")).data!.data) {
        const sync = await svc.admin.POST("/admin/profiles/{id}/sync-models", { params: { path: { id: profile.id } } });
        expect(sync.data).toMatchObject({ ok: true, models: [`${profile.profile_name}-model`] });
      }
    } finally {
      await svc.close();
    }
  });

  it("run again, changes nothing and says so; the same key twice is a usage error", async () => {
    const again = await rotate({ ROUTER_KMS_KEY_OLD: OLD, ROUTER_KMS_KEY: NEW });
    expect([again.code, again.output.trim()]).toEqual([0, expect.stringContaining("Re-sealed 0 profile key(s) under the new ROUTER_KMS_KEY (4 already were).")]);
    const same = await rotate({ ROUTER_KMS_KEY_OLD: NEW, ROUTER_KMS_KEY: NEW });
    expect([same.code, same.output.trim()]).toEqual([2, expect.stringContaining("are the same key")]);
  });
});
