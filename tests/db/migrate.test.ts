import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { MIGRATIONS_DIR } from "../../src/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { silentLogger } from "../helpers/service.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb.drop());

const open = () => openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, logger: silentLogger });

describe("migrations at start-up", () => {
  it("records each migration in _prisma_migrations as Prisma does, once", async () => {
    for (let start = 0; start < 2; start++) {
      const db = await open();
      const rows = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
      expect(names[0]).toBe("20260301130000_init");
      const expected = await Promise.all(
        names.map(async (name) => ({
          migration_name: name,
          checksum: createHash("sha256").update(await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8")).digest("hex"),
          finished_at: expect.any(Date),
          rolled_back_at: null,
          applied_steps_count: 1,
        })),
      );
      expect(rows).toEqual(expected);
      await db.close();
    }
  });
});
