// The switcher as deployed: `npm start`'s own command line (built JavaScript, its node flags), on the
// embedded database with default settings (log level info included), one agent per route to the mock.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createSwitcherClient } from "../src/client/index.ts";
import { serviceNodeArgs } from "../src/start-command.ts";

const root = path.join(import.meta.dirname, "..");

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the switcher exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the switcher did not become ready within 60 s");
}

export interface SwitcherOptions {
  port: number;
  upstreamUrl: string;
  adminKey: string;
  agentKey: string;
  /** A Postgres database to run on; unset: the embedded database in a new temporary DATA_DIR. */
  databaseUrl?: string;
}

export async function startSwitcher(options: SwitcherOptions): Promise<ChildProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  // BENCH_PROFILE=<dir>: a CPU profile of the switcher (and of the floor), for chrome://inspect or speedscope.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, ...serviceNodeArgs()], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(options.port),
      DATA_DIR: await mkdtemp(path.join(os.tmpdir(), "switcher-bench-")),
      DATABASE_URL: options.databaseUrl ?? "",
      ROUTER_ADMIN_KEY: options.adminKey,
      ROUTER_AGENT_KEY: options.agentKey,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitUntilReady(url, child);
  const admin = createSwitcherClient({ baseUrl: url, key: options.adminKey });
  const agent = createSwitcherClient({ baseUrl: url, key: options.agentKey });
  const upstream = options.upstreamUrl;
  await admin.POST("/admin/profiles", {
    body: { profile_name: "bench", provider_type: "openai_compatible", base_url: `${upstream}/v1`, credentials: { api_key: "upstream-key" } },
  });
  await admin.POST("/admin/profiles", {
    body: { profile_name: "bench-responses", provider_type: "openai_compatible", base_url: `${upstream}/v1`, responses_api: true, credentials: { api_key: "upstream-key" } },
  });
  await admin.POST("/admin/profiles", {
    body: { profile_name: "bench-anthropic", provider_type: "anthropic", base_url: upstream, credentials: { api_key: "upstream-key" } },
  });
  await admin.POST("/admin/models", { body: { profile_name: "bench-anthropic", model_name: "bench-model" } });
  // One agent per route through the switcher: named for the profile type it is switched to.
  for (const [agentId, profile] of [["to-openai", "bench"], ["to-openai-responses", "bench-responses"], ["to-anthropic", "bench-anthropic"]] as const) {
    const { error } = await agent.POST("/api/switch", { body: { agent_id: agentId, profile_name: profile, model_name: "bench-model" } });
    if (error) throw new Error(`switching ${agentId}: ${JSON.stringify(error)}`);
  }
  return child;
}
