// The switcher as deployed (embedded database, default settings), with one agent routed to the mock.
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createSwitcherClient } from "../src/client/index.ts";
import { parseConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startService } from "../src/service.ts";

const config = parseConfig({
  ...process.env,
  DATA_DIR: await mkdtemp(path.join(os.tmpdir(), "switcher-bench-")),
  DATABASE_URL: "",
});
const service = await startService(config, createLogger(config.logLevel));
const admin = createSwitcherClient({ baseUrl: service.url, key: config.adminKey });
const agent = createSwitcherClient({ baseUrl: service.url, key: config.agentKey });
await admin.POST("/admin/profiles", {
  body: { profile_name: "bench", provider_type: "openai_compatible", base_url: `${process.env.UPSTREAM_URL}/v1`, credentials: { api_key: "upstream-key" } },
});
await admin.POST("/admin/profiles", {
  body: { profile_name: "bench-responses", provider_type: "openai_compatible", base_url: `${process.env.UPSTREAM_URL}/v1`, responses_api: true, credentials: { api_key: "upstream-key" } },
});
await admin.POST("/admin/profiles", {
  body: { profile_name: "bench-anthropic", provider_type: "anthropic", base_url: process.env.UPSTREAM_URL!, credentials: { api_key: "upstream-key" } },
});
await admin.POST("/admin/models", { body: { profile_name: "bench-anthropic", model_name: "bench-model" } });
// One agent per route through the switcher: named for the profile type it is switched to.
for (const [agentId, profile] of [["to-openai", "bench"], ["to-openai-responses", "bench-responses"], ["to-anthropic", "bench-anthropic"]]) {
  await agent.POST("/api/switch", { body: { agent_id: agentId!, profile_name: profile!, model_name: "bench-model" } });
}
process.send?.("ready");
process.once("SIGTERM", () => void service.close().then(() => process.exit(0)));
