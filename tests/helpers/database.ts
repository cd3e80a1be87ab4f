import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.ts";
import { pgliteTemplateDir } from "./pglite-template.ts";

/** Which database this test run uses: the vitest project sets TEST_DB. */
export const TEST_DB = process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  databaseUrl: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file: a fresh Postgres database, or a PGlite folder copied from
 * the migrated template tests/global-setup.ts made (`empty`: a folder with no database yet).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switcher-test-"));
  if (TEST_DB === "pglite") {
    if (!options.empty) await cp(pgliteTemplateDir(), dataDir, { recursive: true });
    return { databaseUrl: undefined, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `switcher_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A migrated database of its own, opened through the app's own code, for tests of the data layer.
 * Call inside a describe block's file scope: it registers its own beforeAll/afterAll.
 */
export function useMigratedDatabase(): () => Database {
  let tdb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, logger: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await db.close();
    await tdb.drop();
  });
  return () => db;
}
