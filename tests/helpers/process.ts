import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs one of the project's TypeScript entry points from source (node --import tsx; `npm start` runs the compiled dist/), collecting its output. */
export function spawnScript(script: string, args: string[], env: Record<string, string>, cwd: string): Spawned {
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.join(ROOT, script), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? cwd, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/**
 * Starts the server process on a port the kernel picks and resolves with its URL, read from its
 * "listening" log line. A port found free beforehand could be taken by another test file's server in
 * the meantime, and its health check would then answer for ours.
 */
export async function startServerProcess(env: Record<string, string>, cwd: string, timeoutMs = 60_000): Promise<{ proc: Spawned; url: string }> {
  const proc = spawnScript("src/server.ts", [], { PORT: "0", ...env }, cwd);
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"Model Switcher is listening"/.exec(proc.output());
    if (match?.[1]) return { proc, url: match[1] };
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.child.kill("SIGKILL");
  throw new Error(`the server did not start within ${timeoutMs} ms${exited ? " (it exited)" : ""}:\n${proc.output()}`);
}
