import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { closedPort, sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { ADMIN_KEY, AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let upstream: MockUpstream;
let dir: string;
const cli = (...args: string[]) => runCli("bin/switcher.mjs", args, dir);

beforeAll(async () => {
  upstream = await startMockUpstream((_req, res) => sendJson(res, 200, { data: [{ id: "gpt-a" }, { id: "gpt-b" }] }));
  svc = await startTestService();
  dir = await mkdtemp(path.join(os.tmpdir(), "switcher-cli-"));
  const port = new URL(svc.url).port;
  await writeFile(path.join(dir, ".env"), `ROUTER_ADMIN_KEY=${ADMIN_KEY}\nROUTER_AGENT_KEY=${AGENT_KEY}\nPORT=${port}\n`);
  await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "work", provider_type: "openai_compatible", base_url: `${upstream.url}/v1`, credentials: { api_key: "sk-cli-0000abcd" } },
  });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("switcher CLI against a running service (URL and keys from .env)", () => {
  it("status", async () => {
    const r = await cli("status");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is up; database (pglite|postgres) answers/);
  });

  it("profiles, as a table and as JSON, without the key", async () => {
    const table = await cli("profiles");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+TYPE\s+BASE URL\s+KEY\s+ID/);
    expect(table.stdout).toMatch(/work\s+openai_compatible\s+http:\/\/127\.0\.0\.1:\d+\/v1\s+sk-…abcd/);
    const json = JSON.parse((await cli("profiles", "--json")).stdout) as Array<{ profile_name: string }>;
    expect(json.map((p) => p.profile_name)).toEqual(["work"]);
    expect(table.stdout + JSON.stringify(json)).not.toContain("sk-cli-0000abcd");
  });

  it("sync, models, switch and active", async () => {
    const sync = await cli("sync", "work");
    expect([sync.code, sync.stdout.trim()]).toEqual([0, "Synced profile 'work': 2 models listed, 2 new."]);
    const models = await cli("models", "--profile", "work");
    expect(models.stdout).toMatch(/work\s+gpt-a\s+yes/);
    const sw = await cli("switch", "bot", "work", "gpt-b");
    expect([sw.code, sw.stdout.trim()]).toEqual([0, "Agent 'bot' now uses work / gpt-b."]);
    const again = await cli("switch", "bot", "work", "gpt-a", "--json");
    expect(JSON.parse(again.stdout).previous).toEqual({ profile_name: "work", model_name: "gpt-b" });
    const active = await cli("active", "bot");
    expect(active.stdout).toMatch(/^Agent 'bot' uses work \/ gpt-a \(openai_compatible\) since /);
  });

  it("says plainly what failed, with an exit code per kind", async () => {
    const missing = await cli("active", "nobody");
    expect([missing.code, missing.stderr.trim()]).toEqual([1, "switcher: No active model set for agent_id 'nobody'. Set one with POST /api/switch."]);
    const unknownProfile = await cli("sync", "nope");
    expect(unknownProfile.code).toBe(1);
    expect(unknownProfile.stderr).toContain("No profile named 'nope'");
    const usage = await cli("switch", "only-agent");
    expect([usage.code, usage.stderr.trim()]).toEqual([2, "switcher: Usage: switcher switch <agent> <profile> <model>"]);
    expect((await cli("frobnicate")).code).toBe(2);
    const wrongKey = await runCli("bin/switcher.mjs", ["profiles"], dir, { ROUTER_ADMIN_KEY: "wrong-admin-key-0000000000" });
    expect(wrongKey.code).toBe(4);
    expect(wrongKey.stderr).toContain("refused ROUTER_ADMIN_KEY");
    const down = await runCli("bin/switcher.mjs", ["status"], dir, { SWITCHER_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/Cannot reach the switcher at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Start it with `npm start`/);
  });

  it("reports a failed sync with the provider's reason", async () => {
    upstream.handle((_req, res) => sendJson(res, 500, { error: "down" }));
    const r = await cli("sync", "work");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("switcher: Sync of 'work' failed: provider answered HTTP 500.");
  });
});
