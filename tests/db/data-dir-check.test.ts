import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDataDir } from "../../src/db/data-dir-check.ts";
import { openDatabase } from "../../src/db/database.ts";
import { silentLogger } from "../helpers/service.ts";

/** A folder laid out like a Postgres data folder, without `omit`. */
async function dataDirWithout(omit?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "switcher-datadir-"));
  await mkdir(path.join(dir, "base"));
  await mkdir(path.join(dir, "global"));
  await mkdir(path.join(dir, "pg_wal"));
  await writeFile(path.join(dir, "global", "pg_control"), "control");
  await writeFile(path.join(dir, "PG_VERSION"), "17\n");
  if (omit) await import("node:fs/promises").then((fs) => fs.rm(path.join(dir, omit), { recursive: true }));
  return dir;
}

// About the embedded database whichever database this run tests.
describe("DATA_DIR", () => {
  it("is fine empty or missing, and fine holding a complete database", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "switcher-datadir-"));
    expect(checkDataDir(empty)).toBe("empty");
    expect(checkDataDir(path.join(empty, "not-yet"))).toBe("empty");
    expect(checkDataDir(await dataDirWithout())).toBe("database");
  });

  it.each(["PG_VERSION", "global/pg_control", "base", "pg_wal"])("is refused, untouched, when %s is missing", async (missing) => {
    const dir = await dataDirWithout(missing);
    const before = await readdir(dir, { recursive: true });
    await expect(openDatabase({ databaseUrl: undefined, dataDir: dir, logger: silentLogger })).rejects.toThrow(
      new RegExp(`DATA_DIR .* is not empty but is not a complete database: ${missing} missing\\. Nothing was changed`),
    );
    expect(await readdir(dir, { recursive: true })).toEqual(before);
  });

  it("is refused when it holds files that are not a database at all", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "switcher-datadir-"));
    await writeFile(path.join(dir, "notes.txt"), "mine");
    expect(() => checkDataDir(dir)).toThrow(/PG_VERSION, global\/pg_control, base, pg_wal missing/);
  });

  it("is refused when PG_VERSION is not a version", async () => {
    const dir = await dataDirWithout();
    await writeFile(path.join(dir, "PG_VERSION"), "garbage");
    expect(() => checkDataDir(dir)).toThrow(/unreadable PG_VERSION \('garbage'\)/);
  });
});
