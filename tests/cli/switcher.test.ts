import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { completionFor } from "../helpers/mock-provider.ts";
import { closedPort, sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { ADMIN_KEY, AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let upstream: MockUpstream;
/** The user's home, holding the CLI's config file. */
let home: string;
/** Some other folder, far from the repository and from any .env. */
let elsewhere: string;
const cli = (...args: string[]) => runCli("bin/switcher.mjs", args, elsewhere, { HOME: home });
const errorJson = (stdout: string) => (JSON.parse(stdout) as { error: { message: string; exit_code: number } }).error;

beforeAll(async () => {
  // Lists gpt-a and gpt-b, and answers the test request a switch sends first, for any model.
  upstream = await startMockUpstream((req, res) =>
    req.method === "GET" ? sendJson(res, 200, { data: [{ id: "gpt-a" }, { id: "gpt-b" }] }) : sendJson(res, 200, completionFor(JSON.parse(req.body).model)),
  );
  svc = await startTestService();
  home = await mkdtemp(path.join(os.tmpdir(), "switcher-cli-home-"));
  elsewhere = await mkdtemp(path.join(os.tmpdir(), "switcher-cli-elsewhere-"));
  await mkdir(path.join(home, ".config/model-switcher"), { recursive: true });
  await writeFile(path.join(home, ".config/model-switcher/config.env"), `SWITCHER_URL=${svc.url}\nROUTER_ADMIN_KEY=${ADMIN_KEY}\nROUTER_AGENT_KEY=${AGENT_KEY}\n`);
  await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "work", provider_type: "openai_compatible", base_url: `${upstream.url}/v1`, credentials: { api_key: "sk-cli-0000abcd" } },
  });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("switcher CLI against a running service (URL and keys from the user config file, run from any folder)", () => {
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
    expect((await cli("models", "list", "work")).stdout).toBe(models.stdout);
    const sw = await cli("switch", "bot", "work", "gpt-b");
    expect([sw.code, sw.stdout.trim()]).toEqual([0, expect.stringMatching(/^Agent 'bot' now uses work \/ gpt-b\. It answered the test request in \d+ ms\.$/)]);
    const again = await cli("switch", "bot", "work", "gpt-a", "--json");
    expect(JSON.parse(again.stdout).previous).toEqual({ profile_name: "work", model_name: "gpt-b" });
    const active = await cli("active", "bot");
    expect(active.stdout).toMatch(/^Agent 'bot' uses work \/ gpt-a \(openai_compatible\) since /);
  });

  it("says plainly what failed, with an exit code per kind", async () => {
    const missing = await cli("active", "nobody");
    expect([missing.code, missing.stderr.trim()]).toEqual([1, "switcher: No active model set for agent_id 'nobody'. Set one with `switcher switch <agent> <profile> <model>`."]);
    const unknownProfile = await cli("sync", "nope");
    expect(unknownProfile.code).toBe(1);
    expect(unknownProfile.stderr).toContain("No profile named 'nope'");
    const usage = await cli("switch", "only-agent");
    expect([usage.code, usage.stderr.trim()]).toEqual([2, "switcher: Usage: switcher switch <agent> <profile> <model> [--until TIME] [--no-verify]"]);
    expect((await cli("frobnicate")).code).toBe(2);
    const wrongKey = await runCli("bin/switcher.mjs", ["profiles"], elsewhere, { HOME: home, ROUTER_ADMIN_KEY: "wrong-admin-key-0000000000" });
    expect(wrongKey.code).toBe(4);
    expect(wrongKey.stderr).toContain("refused ROUTER_ADMIN_KEY");
    const down = await runCli("bin/switcher.mjs", ["status"], elsewhere, { HOME: home, SWITCHER_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/Cannot reach the switcher at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Start it with `npm start`/);
  });

  it("names its own flags and commands in what it says, not the HTTP API's", async () => {
    const unknown = await cli("switch", "a", "b", "c", "--bogus");
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, "switcher: Unknown option '--bogus'. See `switcher --help`."]);
    const notAnId = await cli("schedule", "cancel", "123");
    expect([notAnId.code, notAnId.stderr.trim()]).toEqual([2, "switcher: '123' is not a schedule id: cancel takes the id `schedule add` printed (see `switcher schedule list`)."]);
    const limit = await cli("history", "bot", "--limit", "0");
    expect([limit.code, limit.stderr.trim()]).toEqual([1, "switcher: --limit must be >= 1."]);
    const twoProfiles = await cli("models", "list", "work", "other");
    expect([twoProfiles.code, twoProfiles.stderr.trim()]).toEqual([2, "switcher: Usage: switcher models [list] [<profile> | --profile NAME]"]);
    const since = await cli("agents", "--since", "10y");
    expect(since.code).toBe(1);
    expect(since.stderr.trim()).toMatch(/^switcher: --since must be a number of hours or days such as 1h, 24h or 7d\.$/);
  });

  it("reports a failed sync with the provider's reason", async () => {
    upstream.handle((_req, res) => sendJson(res, 500, { error: "down" }));
    const r = await cli("sync", "work");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("switcher: Sync of 'work' failed: provider answered HTTP 500.");
  });

  it("prints errors as JSON with --json, usage errors included", async () => {
    const missing = await cli("active", "nobody", "--json");
    expect(missing.code).toBe(1);
    expect(errorJson(missing.stdout)).toEqual({ message: expect.stringContaining("No active model set for agent_id 'nobody'"), exit_code: 1 });
    const usage = await cli("switch", "--json");
    expect([usage.code, errorJson(usage.stdout).exit_code]).toEqual([2, 2]);
    const badFlag = await cli("profiles", "--frobnicate", "--json");
    expect([badFlag.code, errorJson(badFlag.stdout).message]).toEqual([2, expect.stringContaining("--frobnicate")]);
  });
});

describe("settings: environment, then the user config file, never the working folder", () => {
  it("finds the service from a folder without .env, and says where the URL came from when it cannot", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "switcher-cli-nohome-"));
    const noConfig = await runCli("bin/switcher.mjs", ["status"], elsewhere, { HOME: empty });
    expect(noConfig.code).toBe(3);
    expect(noConfig.stderr).toContain("Cannot reach the switcher at http://127.0.0.1:8080");
    expect(noConfig.stderr).toContain(`The URL is the default: set SWITCHER_URL, or run \`npm run wizard\` (it writes ${empty}/.config/model-switcher/config.env).`);
    const fromEnv = await runCli("bin/switcher.mjs", ["profiles", "--json"], elsewhere, {
      HOME: empty, SWITCHER_URL: svc.url, ROUTER_ADMIN_KEY: ADMIN_KEY,
    });
    expect(fromEnv.code).toBe(0);
    const noKey = await runCli("bin/switcher.mjs", ["profiles"], elsewhere, { HOME: empty, SWITCHER_URL: svc.url });
    expect([noKey.code, noKey.stderr.trim()]).toEqual([
      2,
      `switcher: ROUTER_ADMIN_KEY is not set: add it to the environment or ${empty}/.config/model-switcher/config.env (\`npm run wizard\` writes it).`,
    ]);
  });
});

describe("keys, profiles and models commands", () => {
  it("creates a key (secret shown once), lists it masked, and revokes it", async () => {
    const created = await cli("keys", "create", "cli-bot", "--agent", "bot", "--scopes", "read,switch", "--json");
    expect(created.code).toBe(0);
    const { secret, key } = JSON.parse(created.stdout) as { secret: string; key: { key_hint: string } };
    expect(secret).toMatch(/^msk_/);
    const listed = await cli("keys");
    expect(listed.stdout).toMatch(new RegExp(`cli-bot\\s+msk_…${secret.slice(-4)}\\s+bot\\s+read,switch\\s+active`));
    expect(listed.stdout).not.toContain(secret);
    expect(key.key_hint).toBe(`msk_…${secret.slice(-4)}`);
    const asAgent = await runCli("bin/switcher.mjs", ["active", "bot"], elsewhere, { HOME: home, ROUTER_AGENT_KEY: secret });
    expect(asAgent.code).toBe(0);
    const revoked = await cli("keys", "revoke", "cli-bot");
    expect([revoked.code, revoked.stdout.trim()]).toEqual([0, `Revoked key 'cli-bot' (msk_…${secret.slice(-4)}): its next call is refused.`]);
    const after = await runCli("bin/switcher.mjs", ["active", "bot"], elsewhere, { HOME: home, ROUTER_AGENT_KEY: secret });
    expect(after.code).toBe(4);
    const usage = await cli("keys", "create", "x");
    expect([usage.code, usage.stderr.trim()]).toEqual([2, "switcher: Give --agent ID (one or more times) or --all-agents, not both."]);
  });

  it("adds, updates and deletes a profile; the key can come from stdin-less --api-key", async () => {
    const added = await cli("profiles", "add", "extra", "--type", "openai_compatible", "--base-url", `${upstream.url}/v1`, "--api-key", "sk-extra-0000wxyz");
    expect([added.code, added.stdout.trim()]).toEqual([0, `Created profile 'extra' (openai_compatible, ${upstream.url}/v1, key sk-…wxyz).`]);
    const updated = await cli("profiles", "update", "extra", "--name", "extra2", "--api-key", "sk-extra-1111abcd");
    expect([updated.code, updated.stdout.trim()]).toEqual([0, `Updated profile 'extra2' (${upstream.url}/v1, key sk-…abcd). The next call uses it.`]);
    const nothing = await cli("profiles", "update", "extra2");
    expect(nothing.code).toBe(2);
    const deleted = await cli("profiles", "delete", "extra2", "--json");
    expect([deleted.code, JSON.parse(deleted.stdout).deleted]).toEqual([0, "extra2"]);
    const gone = await cli("profiles", "delete", "extra2");
    expect([gone.code, gone.stderr.trim()]).toEqual([1, "switcher: No profile named 'extra2'. See `switcher profiles`."]);
  });

  it("adds, disables and enables models; disabling one an agent uses is refused naming the agent", async () => {
    const added = await cli("models", "add", "work", "gpt-c", "--max-tokens", "512");
    expect([added.code, added.stdout.trim()]).toEqual([0, "Model 'gpt-c' of 'work' is stored (enabled)."]);
    expect((await cli("models", "disable", "work", "gpt-c")).stdout.trim()).toBe("Model 'gpt-c' of 'work' is disabled.");
    expect((await cli("models", "enable", "work", "gpt-c")).stdout.trim()).toBe("Model 'gpt-c' of 'work' is enabled.");
    expect((await cli("switch", "user-of-c", "work", "gpt-c", "--no-verify")).code).toBe(0);
    const refused = await cli("models", "disable", "work", "gpt-c");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is the active model of agent(s) 'user-of-c'. Switch them to another model (`switcher switch <agent> <profile> <model>`), then disable it.");
  });

  it("restricts an agent's models and shows who switched it", async () => {
    const allow = await cli("allow", "bot", "work::gpt-a");
    expect(allow.stdout.trim()).toBe("Agent 'bot' may be switched only to: work / gpt-a.");
    const refused = await cli("switch", "bot", "work", "gpt-b");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Agent 'bot' may only be switched to: work / gpt-a");
    expect(refused.stderr).toContain("`switcher allow`");
    expect((await cli("allow", "bot", "--clear")).stdout.trim()).toBe("Agent 'bot' may be switched to any enabled model.");
    const history = await cli("history", "bot");
    expect(history.stdout).toMatch(/^ID\s+WHEN\s+FROM\s+TO\s+VIA\s+ROLLBACK OF\s+BY/);
    expect(history.stdout).toContain("legacy agent key");
  });
});

describe("switcher agents and usage", () => {
  beforeAll(async () => {
    upstream.handle((req, res) => sendJson(res, 200, completionFor(JSON.parse(req.body).model)));
    await svc.agent.POST("/api/switch", { body: { agent_id: "meter-bot", profile_name: "work", model_name: "gpt-a" } });
    await svc.admin.POST("/admin/models", { body: { profile_name: "work", model_name: "gpt-a", input_price_per_mtok: 1, output_price_per_mtok: 2 } });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${svc.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "meter-bot", "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
      });
      await res.arrayBuffer();
    }
    await svc.audit.flush();
  });

  it("agents: every agent with its model, who switched it, and its calls and cost over the last 24 h", async () => {
    const r = await cli("agents");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^AGENT\s+PROFILE \/ MODEL\s+SINCE\s+BY\s+LAST CALL\s+CALLS 24h\s+ERRORS 24h/);
    // Two calls of 5 input and 1 output tokens (the mock's usage) at $1 and $2 per million.
    expect(r.stdout).toMatch(/meter-bot\s+work \/ gpt-a\s+\S+\s+legacy agent key\s+\S+\s+2\s+0\s+10\s+2\s+0\s+\d+ ms\s+\d+ ms\s+\$0\.000014/);
    const json = JSON.parse((await cli("agents", "--json")).stdout) as { data: Array<{ agent_id: string }> };
    expect(json.data.map((a) => a.agent_id)).toContain("meter-bot");
  });

  it("usage --by model: one line per model and a total", async () => {
    const r = await cli("usage", "--by", "model", "--since", "24h");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage from \S+ to \S+, by model \(cost at current prices\):\nMODEL\s+CALLS\s+ERRORS\s+INPUT\s+OUTPUT\s+CACHED\s+P50\s+P95\s+COST/);
    expect(r.stdout).toMatch(/work::gpt-a\s+2\s+0\s+10\s+2\s+0\s+\d+ ms\s+\d+ ms\s+\$0\.000014/);
    expect(r.stdout).toMatch(/TOTAL\s+2\s+0\s+10\s+2/);
    const wrong = await cli("usage", "--by", "colour");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("--by agent|model|profile");
  });
});
