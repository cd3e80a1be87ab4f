import { readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "./package-root.ts";

/**
 * The node arguments the service runs with (its flags and the built server, by absolute path), read from package.json's
 * `start` script so the wizard, the bench and `npm start` never differ. The image repeats them in its
 * CMD, and a test holds the two equal.
 */
export function serviceNodeArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const node = /(?:^|&&\s*)node\s+([^&]+)$/.exec(scripts.start ?? "");
  if (!node) throw new Error("package.json's start script must end with the node command that runs the service.");
  // The script's path made absolute, so the service can be started from any folder (its .env and data).
  return node[1]!.trim().split(/\s+/).map((arg) => (arg.startsWith("-") ? arg : path.resolve(PACKAGE_ROOT, arg)));
}
