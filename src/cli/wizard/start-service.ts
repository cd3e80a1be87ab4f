import { execFile, spawn } from "node:child_process";
import { openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import yoctoSpinner from "yocto-spinner";
import { serviceNodeArgs } from "../../start-command.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** A step that takes a while: a spinner on a terminal, plain lines when the output is a pipe or a file. */
function progress(text: string): { success(text: string): void; error(text: string): void } {
  if (process.stderr.isTTY) return yoctoSpinner({ text }).start();
  const line = (said: string) => void process.stderr.write(`${said}\n`);
  line(`${text}…`);
  return { success: line, error: line };
}

export async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/** Whether a Docker engine answers (not just the client being installed). */
export async function dockerEngineAnswers(): Promise<boolean> {
  try {
    await promisify(execFile)("docker", ["info", "--format", "{{.ServerVersion}}"], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

export interface Started {
  log: string;
  /** Settles if the service exits (it should not). */
  exited: Promise<number | null>;
}


/**
 * Compiles src/ to dist/ with `npm run build` (tsc, incremental: it only checks when nothing changed),
 * showing a spinner; on failure, throws with tsc's own messages.
 */
export async function buildService(): Promise<void> {
  const spinner = progress("Building the switcher (npm run build: src/ to dist/)");
  try {
    await promisify(execFile)("npm", ["run", "-s", "build"], { cwd: ROOT, timeout: 600_000 });
  } catch (err) {
    spinner.error("Building the switcher failed");
    const { stdout = "", stderr = "" } = err as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${`${stdout}${stderr}`.trim() || (err as Error).message}`);
  }
  spinner.success("Built the switcher (dist/)");
}

/**
 * Builds, then starts the service in the background from `dir` (its .env and data), logging to
 * dir/switcher.log; its process id goes to dir/switcher.pid (stop it with `kill $(cat switcher.pid)`).
 */
export async function startEmbedded(dir: string): Promise<Started> {
  await buildService();
  const log = path.join(dir, "switcher.log");
  const out = openSync(log, "a");
  // As `npm start` runs it: compiled JavaScript on plain node, never tsx, with the same flags.
  const child = spawn(process.execPath, serviceNodeArgs(), {
    cwd: dir,
    detached: true,
    stdio: ["ignore", out, out],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  writeFileSync(path.join(dir, "switcher.pid"), `${child.pid}\n`);
  child.unref();
  return { log, exited };
}

export async function startCompose(dir: string): Promise<void> {
  await promisify(execFile)("docker", ["compose", "-f", path.join(ROOT, "docker-compose.yml"), "--env-file", path.join(dir, ".env"), "up", "-d", "--build"], {
    cwd: ROOT,
    timeout: 600_000,
  });
}

/** Waits for /healthz with a spinner; on failure, shows the end of the log. */
export async function waitUntilHealthy(url: string, started: Started | undefined, timeoutMs = 90_000): Promise<void> {
  const spinner = progress(`Waiting for the switcher at ${url}/healthz`);
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void started?.exited.then((code) => (exitCode = code));
  const log = started?.log;
  while (Date.now() < deadline && exitCode === undefined) {
    if (await isHealthy(url)) {
      spinner.success(`The switcher is up at ${url} (API docs: ${url}/docs)`);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  spinner.error(exitCode === undefined ? `The switcher did not answer at ${url} within ${timeoutMs / 1000} s` : `The switcher stopped (exit code ${exitCode})`);
  const tail = log ? readFileSync(log, "utf8").trim().split("\n").slice(-8).join("\n") : "";
  throw new Error(tail ? `Last lines of ${log}:\n${tail}` : "See the service's log.");
}
