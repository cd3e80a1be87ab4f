import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LOCK_FILE } from "./data-dir-lock.ts";

// What a Postgres data folder holds after initdb; the embedded database refuses to start without them.
const REQUIRED = ["PG_VERSION", "global/pg_control", "base", "pg_wal"];

/** What DATA_DIR holds: nothing yet (safe to create a database in), or an existing database. */
export type DataDirState = "empty" | "database";

/**
 * Checks DATA_DIR before the embedded database opens it. A folder holding anything other than a
 * complete database is refused with what is missing: initialising over it would hide the old files.
 */
export function checkDataDir(dataDir: string): DataDirState {
  const entries = existsSync(dataDir) ? readdirSync(dataDir).filter((name) => name !== LOCK_FILE) : [];
  if (entries.length === 0) return "empty";
  const missing = REQUIRED.filter((name) => !existsSync(path.join(dataDir, name)));
  if (missing.length > 0) {
    throw new Error(
      `DATA_DIR ${dataDir} is not empty but is not a complete database: ${missing.join(", ")} missing. ` +
        "Nothing was changed. Restore the folder from a backup, or point DATA_DIR at an empty folder to start a new database.",
    );
  }
  const version = readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim();
  if (!/^\d+$/.test(version)) {
    throw new Error(`DATA_DIR ${dataDir} has an unreadable PG_VERSION ('${version.slice(0, 20)}'). Nothing was changed; restore the folder from a backup.`);
  }
  return "database";
}
