import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { build } from "vite";
import { CONSOLE_DIR } from "../../src/console-files.ts";
import { PACKAGE_ROOT } from "../../src/package-root.ts";

const SOURCES = path.join(PACKAGE_ROOT, "console");

function newestSourceMs(): number {
  return readdirSync(SOURCES, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((newest, entry) => Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs), 0);
}

/** Builds the console into dist/console when it is missing or older than its sources (a fresh clone, an edit). */
export async function ensureConsoleBuilt(): Promise<void> {
  const index = path.join(CONSOLE_DIR, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newestSourceMs()) return;
  await build({ configFile: path.join(SOURCES, "vite.config.ts") });
}
