import { mkdtemp, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { completionFor } from "../helpers/mock-provider.ts";
import { closedPort, sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { ADMIN_KEY, AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

/** Lists gpt-a and gpt-b, and answers chat requests (the CLI's test requests) for those two only. */
function provider(req: RecordedRequest, res: ServerResponse) {
  if (req.method === "GET") return sendJson(res, 200, { data: [{ id: "gpt-a" }, { id: "gpt-b" }] });
  const { model } = JSON.parse(req.body) as { model: string };
  if (model === "gpt-a" || model === "gpt-b") return sendJson(res, 200, completionFor(model));
  sendJson(res, 404, { error: { message: `The model \`${model}\` does not exist.`, code: "model_not_found" } });
}

let svc: TestService;
let upstream: MockUpstream;
let dir: string;
const cli = (...args: string[]) => runCli("bin/switcher.mjs", args, dir);

beforeAll(async () => {
  upstream = await startMockUpstream(provider);
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
    expect(sw.code).toBe(0);
    expect(sw.stdout.trim()).toMatch(/^Agent 'bot' now uses work \/ gpt-b\. It answered the test request in \d+ ms\.$/);
    const again = await cli("switch", "bot", "work", "gpt-a", "--json");
    expect(JSON.parse(again.stdout).previous).toEqual({ profile_name: "work", model_name: "gpt-b" });
    const active = await cli("active", "bot");
    expect(active.stdout).toMatch(/^Agent 'bot' uses work \/ gpt-a \(openai_compatible\) since /);
  });

  it("switch tests the model first unless --no-verify; rollback and history", async () => {
    const refused = await cli("switch", "cli-agent", "work", "gpt-typo");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/did not accept model 'gpt-typo' \(HTTP 404, model_not_found\).*Nothing was changed/);
    expect((await cli("switch", "cli-agent", "work", "gpt-typo", "--no-verify")).stdout).toMatch(/now uses work \/ gpt-typo\.$/m);
    await cli("switch", "cli-agent", "work", "gpt-a");
    const back = await cli("rollback", "cli-agent", "--no-verify");
    expect(back.stdout.trim()).toBe("Agent 'cli-agent' now uses work / gpt-typo (was work / gpt-a).");
    const history = await cli("history", "cli-agent");
    expect(history.stdout).toMatch(/^ID\s+WHEN\s+FROM\s+TO\s+VIA\s+ROLLBACK OF\s+BY/);
    expect(history.stdout.trim().split("\n")).toHaveLength(4);
    expect((await cli("test", "work", "gpt-b")).stdout).toMatch(/^work \/ gpt-b answered the test request in \d+ ms\.$/m);
    const failedTest = await cli("test", "work", "nope");
    expect([failedTest.code, failedTest.stderr]).toEqual([1, expect.stringMatching(/failed the test \(HTTP 404, model_not_found\)/)]);
  });

  it("schedule, list and cancel", async () => {
    const added = await cli("schedule", "night-bot", "work", "gpt-b", "--at", "+2h", "--until", "+10h");
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Agent 'night-bot' switches to work \/ gpt-b at \S+, and back at \S+ \(tested first\)\. Schedule id: [0-9a-f-]{36}$/m);
    const id = /Schedule id: (\S+)/.exec(added.stdout)![1]!;
    const list = await cli("schedule", "list", "--agent", "night-bot");
    expect(list.stdout).toContain(id);
    expect(list.stdout).toMatch(/switch\s+work \/ gpt-b\s+\S+\s+\S+\s+pending/);
    const cancelled = await cli("schedule", "cancel", id);
    expect(cancelled.stdout.trim()).toMatch(/^Cancelled the switch of 'night-bot' to work \/ gpt-b at /);
    expect((await cli("schedule", "list", "--agent", "night-bot")).stdout.trim()).toBe("No scheduled switches.");
    const badTime = await cli("schedule", "night-bot", "work", "gpt-b", "--at", "tomorrow");
    expect([badTime.code, badTime.stderr]).toEqual([2, expect.stringContaining("--at takes an ISO 8601 time")]);
  });

  it("says plainly what failed, with an exit code per kind", async () => {
    const missing = await cli("active", "nobody");
    expect([missing.code, missing.stderr.trim()]).toEqual([1, "switcher: No active model set for agent_id 'nobody'. Set one with POST /api/switch."]);
    const unknownProfile = await cli("sync", "nope");
    expect(unknownProfile.code).toBe(1);
    expect(unknownProfile.stderr).toContain("No profile named 'nope'");
    const usage = await cli("switch", "only-agent");
    expect([usage.code, usage.stderr.trim()]).toEqual([2, "switcher: Usage: switcher switch <agent> <profile> <model> [--until TIME] [--no-verify]"]);
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
