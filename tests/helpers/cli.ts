import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./process.ts";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the package's `switcher` bin (or the wizard) as a user would, in `cwd`, with only `env`. */
export function runCli(script: "bin/switcher.mjs" | "src/cli/wizard.ts", args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  const argv = script.endsWith(".mjs") ? [path.join(ROOT, script), ...args] : ["--import", import.meta.resolve("tsx"), path.join(ROOT, script), ...args];
  const child = spawn(process.execPath, argv, { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}
