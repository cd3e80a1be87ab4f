import { existsSync } from "node:fs";
import path from "node:path";

/** The folder holding package.json: where prisma/ and openapi/ are, whether running from src/ or dist/src/. */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}.`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname);
