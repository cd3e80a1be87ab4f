import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MIGRATIONS_DIR } from "../../src/db/migrate.ts";

/**
 * Where a migrated embedded database waits to be copied into each test file's DATA_DIR: creating one
 * (initdb in WebAssembly, then every migration) takes seconds, a copy a few milliseconds. Named by the
 * migrations it holds, so a changed migration gets a template of its own.
 */
export function pgliteTemplateDir(): string {
  const sha = createHash("sha256");
  for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
    if (name.endsWith(".toml")) continue;
    sha.update(name).update(readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql")));
  }
  return path.join(os.tmpdir(), `switcher-pglite-template-${sha.digest("hex").slice(0, 16)}`);
}
