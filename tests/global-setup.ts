// Once per test run: the migrated embedded database that tests/helpers/database.ts copies for each file,
// and the console's build (served at /console) when it is missing or stale.
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import pino from "pino";
import { openDatabase } from "../src/db/database.ts";
import { ensureConsoleBuilt } from "./helpers/console-build.ts";
import { pgliteTemplateDir } from "./helpers/pglite-template.ts";

export default async function setup(): Promise<void> {
  await ensureConsoleBuilt();
  const dir = pgliteTemplateDir();
  if (existsSync(path.join(dir, "PG_VERSION"))) return;
  const building = `${dir}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  const database = await openDatabase({ databaseUrl: undefined, dataDir: building, logger: pino({ level: "silent" }) });
  await database.close();
  await rename(building, dir).catch(async () => rm(building, { recursive: true, force: true })); // another run made it first
}
