import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import dotenv from "dotenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSwitcherClient } from "../../src/client/index.ts";
import { runCli } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { completionFor } from "../helpers/mock-provider.ts";
import { closedPort, sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { ROOT } from "../helpers/process.ts";
import { serviceNodeArgs } from "../../src/start-command.ts";

let upstream: MockUpstream;
let tdb: TestDatabase;
const started: string[] = [];

beforeAll(async () => {
  // Lists model-x and model-y, and answers the test request a switch sends first for those two only.
  upstream = await startMockUpstream((req, res) => {
    if (req.method === "GET") return sendJson(res, 200, { data: [{ id: "model-x" }, { id: "model-y" }] });
    const { model } = JSON.parse(req.body) as { model: string };
    if (model === "model-x" || model === "model-y") return sendJson(res, 200, completionFor(model));
    sendJson(res, 404, { error: { message: `The model \`${model}\` does not exist.`, code: "model_not_found" } });
  });
  tdb = await createTestDatabase();
});
afterAll(async () => {
  for (const dir of started) {
    const pid = Number(await readFile(path.join(dir, "switcher.pid"), "utf8").catch(() => "0"));
    if (pid) process.kill(pid, "SIGTERM");
  }
  await new Promise((r) => setTimeout(r, 500));
  await upstream.close();
  await tdb.drop();
});

/** The wizard starts a whole service in the background: on a loaded machine that takes a while. */
const SLOW_TEST_MS = 120_000;

/** The database the wizard's service should use in this run (the vitest project picks it). */
const databaseEnv = (): Record<string, string> => (tdb.databaseUrl ? { DATABASE_URL: tdb.databaseUrl } : {});

/** The folder of the first test's set-up, whose service keeps running for the tests after it. */
let setUp: string;

describe("npm run wizard -- --yes (non-interactive)", () => {
  // Creating a new embedded database (initdb in WebAssembly) takes 10-20 s on a busy 2-core machine.
  it("produces a working .env, a running service, a profile and an active model; a second run changes nothing", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "switcher-wizard-"));
    started.push(dir);
    setUp = dir;
    const port = String(await closedPort());
    const args = [
      "--yes", "--port", port, "--profile-name", "first", "--provider-type", "openai_compatible",
      "--base-url", `${upstream.url}/v1`, "--api-key", "sk-wizard-0000wxyz", "--agent-id", "main", "--model", "model-y",
    ];
    const first = await runCli("src/cli/wizard.ts", args, dir, databaseEnv());
    expect(first.stderr).not.toMatch(/wizard:/);
    expect(first.code).toBe(0);
    // Progress goes to stderr; into a pipe, as plain lines without colour codes or spinner frames.
    expect(first.stderr).toContain("Building the switcher (npm run build: src/ to dist/)…\nBuilt the switcher (dist/)\n");
    expect(first.stderr).not.toMatch(/\x1b\[/);
    // The service runs as `npm start` runs it: compiled JavaScript on plain node, no tsx.
    const pid = (await readFile(path.join(dir, "switcher.pid"), "utf8")).trim();
    const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").filter(Boolean);
    expect(argv.slice(1)).toEqual(serviceNodeArgs());
    expect(first.stdout).toContain("Created profile 'first'");
    expect(first.stdout).toContain("Agent 'main' now uses first / model-y.");
    expect(first.stdout).toContain('"api": "openai-completions"');
    expect(first.stdout).toContain('"x-agent-id": "main"');
    expect(first.stdout).toContain('"primary": "switcher/active"');

    const envText = await readFile(path.join(dir, ".env"), "utf8");
    const env = dotenv.parse(envText);
    expect(env.ROUTER_ADMIN_KEY).toMatch(/^admin-[\w-]{32}$/);
    expect(env.ROUTER_AGENT_KEY).toMatch(/^agent-[\w-]{32}$/);
    expect(Buffer.from(env.ROUTER_KMS_KEY!, "base64")).toHaveLength(32);
    expect(env.PORT).toBe(port);
    const cliConfig = dotenv.parse(await readFile(path.join(dir, ".config/model-switcher/config.env"), "utf8"));
    expect(cliConfig).toEqual({ SWITCHER_URL: `http://127.0.0.1:${port}`, ROUTER_ADMIN_KEY: env.ROUTER_ADMIN_KEY, ROUTER_AGENT_KEY: env.ROUTER_AGENT_KEY });

    const url = `http://127.0.0.1:${port}`;
    const admin = createSwitcherClient({ baseUrl: url, key: env.ROUTER_ADMIN_KEY });
    const agent = createSwitcherClient({ baseUrl: url, key: env.ROUTER_AGENT_KEY });
    expect((await admin.GET("/admin/profiles")).data?.data.map((p) => p.profile_name)).toEqual(["first"]);
    const active = await agent.GET("/api/active", { params: { query: { agent_id: "main" } } });
    expect(active.data).toMatchObject({ profile_name: "first", model_name: "model-y" });

    const second = await runCli("src/cli/wizard.ts", args, dir, databaseEnv());
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(".env is up to date.");
    expect(second.stdout).toContain("already running");
    expect(second.stdout).toContain("Profile 'first' exists");
    expect(second.stdout).toContain("Agent 'main' already uses first / model-y.");
    expect(await readFile(path.join(dir, ".env"), "utf8")).toBe(envText);
    const again = await agent.GET("/api/active", { params: { query: { agent_id: "main" } } });
    expect(again.data?.since).toBe(active.data?.since);
  }, SLOW_TEST_MS);

  it("a re-run with --yes --no-start while the service runs changes nothing, wherever the agent points", async () => {
    const env = dotenv.parse(await readFile(path.join(setUp, ".env"), "utf8"));
    const admin = createSwitcherClient({ baseUrl: `http://127.0.0.1:${env.PORT}`, key: env.ROUTER_ADMIN_KEY });
    await admin.POST("/admin/profiles", {
      body: { profile_name: "second", provider_type: "openai_compatible", base_url: `${upstream.url}/v1`, credentials: { api_key: "sk-second-0000abcd" } },
    });
    await admin.POST("/api/switch", { body: { agent_id: "main", profile_name: "second", model_name: "model-x" } });
    const snapshot = async () => ({
      files: await Promise.all([".env", ".config/model-switcher/config.env"].map((f) => readFile(path.join(setUp, f), "utf8").catch(() => "(none)"))),
      profiles: (await admin.GET("/admin/profiles")).data,
      models: await Promise.all(["first", "second"].map(async (profile) => (await admin.GET("/api/models", { params: { query: { profile } } })).data)),
      active: (await admin.GET("/api/active", { params: { query: { agent_id: "main" } } })).data,
      providerCalls: upstream.requests.length,
    });
    const before = await snapshot();
    const rerun = await runCli("src/cli/wizard.ts", ["--yes", "--no-start"], setUp, databaseEnv());
    expect(await snapshot()).toEqual(before);
    expect([rerun.code, rerun.stderr]).toEqual([0, ""]);
    expect(rerun.stdout).toContain("nothing else to do");
  });

  it("tests the model before it points an agent at it, and leaves the agent alone when the provider refuses it", async () => {
    const env = dotenv.parse(await readFile(path.join(setUp, ".env"), "utf8"));
    const agent = createSwitcherClient({ baseUrl: `http://127.0.0.1:${env.PORT}`, key: env.ROUTER_AGENT_KEY });
    const refused = await runCli("src/cli/wizard.ts", ["--yes", "--no-start", "--profile-name", "first", "--agent-id", "careful", "--model", "model-typo"], setUp, databaseEnv());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/model-typo.*HTTP 404.*Nothing was changed/);
    expect((await agent.GET("/api/active", { params: { query: { agent_id: "careful" } } })).response.status).toBe(404);
    const tested = upstream.requests.filter((r) => r.method === "POST").map((r) => (JSON.parse(r.body) as { model: string }).model);
    expect(tested).toContain("model-y");
  });

  it("checks --base-url before it needs the API key, and creates nothing", async () => {
    const closed = `http://127.0.0.1:${await closedPort()}/v1`;
    for (const [url, reason] of [[closed, `nothing answers at ${closed} (connection refused)`], ["ftp://x", "is not an http(s) URL"]] as const) {
      const r = await runCli(
        "src/cli/wizard.ts",
        ["--yes", "--profile-name", "third", "--provider-type", "openai_compatible", "--base-url", url],
        setUp,
        databaseEnv(),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`wizard: --base-url: `);
      expect(r.stderr).toContain(reason);
      expect(r.stderr).not.toContain("--api-key");
    }
    const env = dotenv.parse(await readFile(path.join(setUp, ".env"), "utf8"));
    const admin = createSwitcherClient({ baseUrl: `http://127.0.0.1:${env.PORT}`, key: env.ROUTER_ADMIN_KEY });
    expect((await admin.GET("/admin/profiles")).data?.data.map((p) => p.profile_name)).toEqual(["first", "second"]);
  });

  it("answers a flag it does not know with a usage error (exit 2) pointing at its help", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "switcher-wizard-"));
    const r = await runCli("src/cli/wizard.ts", ["--bogus"], dir);
    expect([r.code, r.stderr.trim()]).toEqual([2, "wizard: Unknown option '--bogus'. See `npm run wizard -- --help`."]);
  });

  it("under --yes names the flag it is missing instead of guessing a key", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "switcher-wizard-"));
    const r = await runCli("src/cli/wizard.ts", ["--yes", "--no-start"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Not starting the switcher (--no-start)");
    const env = dotenv.parse(await readFile(path.join(dir, ".env"), "utf8"));
    expect(env.ROUTER_ADMIN_KEY).toBeTruthy();
  });
});

/** Runs the wizard in a pseudo-terminal (`script`); `answer` waits for a prompt, then types keys. */
function wizardInTerminal(dir: string) {
  const command = `${process.execPath} --import ${import.meta.resolve("tsx")} ${path.join(ROOT, "src/cli/wizard.ts")}`;
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: dir, TERM: "xterm", ...databaseEnv() },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout.on("data", (d) => (screen += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const answer = async (prompt: string, keys: string) => {
    const deadline = Date.now() + 60_000;
    while (!screen.includes(prompt)) {
      if (Date.now() > deadline) throw new Error(`no prompt ${prompt} in:\n${screen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    screen = "";
    child.stdin.write(keys);
  };
  return { answer, exited, screen: () => screen };
}

describe("npm run wizard (interactive, through a pseudo-terminal)", () => {
  it("asks its questions and acts on the answers", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "switcher-wizard-tty-"));
    started.push(dir);
    const port = String(await closedPort());
    const { answer, exited, screen } = wizardInTerminal(dir);
    const DOWN = "\x1b[B";
    await answer("Port for the switcher", `${port}\r`);
    await answer("Name for the provider profile", "tty-profile\r");
    await answer("Provider type", `${DOWN}${DOWN}\r`);
    const closed = `http://127.0.0.1:${await closedPort()}/v1`;
    await answer("Provider API URL", `${closed}\r`);
    await answer("nothing answers at", "\x7f".repeat(closed.length) + `${upstream.url}/v1\r`);
    await answer("Provider API key", "sk-typed-0000hidden\r");
    await answer("Import the provider's model list now?", "y\r");
    await answer("Agent id to point at this profile", "tty-agent\r");
    await answer("Model for this agent", `${DOWN}\r`);
    expect(await exited).toBe(0);
    expect(screen()).toContain("Agent 'tty-agent' now uses tty-profile / model-y.");

    const env = dotenv.parse(await readFile(path.join(dir, ".env"), "utf8"));
    const agent = createSwitcherClient({ baseUrl: `http://127.0.0.1:${port}`, key: env.ROUTER_AGENT_KEY });
    const active = await agent.GET("/api/active", { params: { query: { agent_id: "tty-agent" } } });
    expect(active.data).toMatchObject({ profile_name: "tty-profile", provider_type: "openai_compatible", model_name: "model-y" });
  }, SLOW_TEST_MS);

  it("on Ctrl-C leaves no .env behind", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "switcher-wizard-cancel-"));
    const { answer, exited, screen } = wizardInTerminal(dir);
    await answer("Port for the switcher", "\x03");
    expect(await exited).toBe(130);
    expect(screen()).toContain("Cancelled.");
    await expect(readFile(path.join(dir, ".env"), "utf8")).rejects.toThrow(/ENOENT/);
  });
});
