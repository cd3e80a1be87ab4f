import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { completionFor } from "../helpers/mock-provider.ts";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
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
let home: string;
const cli = (...args: string[]) => runCli("bin/switcher.mjs", args, home, { HOME: home });

beforeAll(async () => {
  upstream = await startMockUpstream(provider);
  svc = await startTestService();
  home = await mkdtemp(path.join(os.tmpdir(), "switcher-cli-trusted-"));
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

describe("switcher CLI: switches you can trust", () => {
  it("switch tests the model first unless --no-verify; rollback, history and test", async () => {
    const sw = await cli("switch", "bot", "work", "gpt-b");
    expect([sw.code, sw.stdout.trim()]).toEqual([0, expect.stringMatching(/^Agent 'bot' now uses work \/ gpt-b\. It answered the test request in \d+ ms\.$/)]);
    const refused = await cli("switch", "cli-agent", "work", "gpt-typo");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/gpt-typo.*\(HTTP 404, model_not_found\).*Nothing was changed/);
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

  it("switch --as-admin switches with the admin key: recorded as the admin's, not held to the agent's allowed models", async () => {
    expect((await cli("allow", "fenced", "work::gpt-a")).code).toBe(0);
    const refused = await cli("switch", "fenced", "work", "gpt-b", "--no-verify");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/may only be switched to: work \/ gpt-a; not work \/ gpt-b\. .* or to switch with the admin key \(`--as-admin`\)\./);
    const asAdmin = await cli("switch", "fenced", "work", "gpt-b", "--no-verify", "--as-admin");
    expect([asAdmin.code, asAdmin.stdout.trim()]).toEqual([0, "Agent 'fenced' now uses work / gpt-b."]);
    const history = await cli("history", "fenced", "--json");
    expect((JSON.parse(history.stdout) as Array<{ actor: string }>)[0]!.actor).toBe("admin");
  });

  it("schedule add, list and cancel", async () => {
    const added = await cli("schedule", "add", "night-bot", "work", "gpt-b", "--at", "+2h", "--until", "+10h");
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Agent 'night-bot' switches to work \/ gpt-b at \S+, and back at \S+ \(tested first\)\. Schedule id: [0-9a-f-]{36}$/m);
    const id = /Schedule id: (\S+)/.exec(added.stdout)![1]!;
    const list = await cli("schedule", "list", "--agent", "night-bot");
    expect(list.stdout).toContain(id);
    expect(list.stdout).toMatch(/switch\s+work \/ gpt-b\s+\S+\s+\S+\s+pending/);
    const cancelled = await cli("schedule", "cancel", id);
    expect(cancelled.stdout.trim()).toMatch(/^Cancelled the switch of 'night-bot' to work \/ gpt-b at /);
    expect((await cli("schedule", "list", "--agent", "night-bot")).stdout.trim()).toBe("No scheduled switches.");
    const badTime = await cli("schedule", "add", "night-bot", "work", "gpt-b", "--at", "tomorrow");
    expect([badTime.code, badTime.stderr]).toEqual([2, expect.stringContaining("--at takes an ISO 8601 time")]);
  });
});
