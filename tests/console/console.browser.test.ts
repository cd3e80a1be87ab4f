import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SERIES_COLOURS } from "../../console/src/components/series-colours.ts";
import { PACKAGE_ROOT } from "../../src/package-root.ts";
import { agentSdk, routeAgent } from "../helpers/agents.ts";
import { launchChromium } from "../helpers/browser.ts";
import { openaiLikeProvider } from "../helpers/mock-provider.ts";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { ADMIN_KEY, startTestService, type TestService } from "../helpers/service.ts";

// One service, one mock provider and one browser for the whole console, page by page as an operator uses it.
const PROVIDER_KEY = "sk-mock-provider-key-0001";
const models = new Set(["model-a", "model-b", "model-c"]);
const ARTIFACTS = path.join(PACKAGE_ROOT, "test-artifacts", "console");

let svc: TestService;
let upstream: MockUpstream;
let browser: Browser;
let page: Page;
/** What the page reported as broken: script errors and anything its content security policy blocked. */
const pageProblems: string[] = [];

/** The page answers after the API does: wait up to 10 s (a busy CI machine), not expect.poll's 1 s. */
const eventually = <T>(read: () => T | Promise<T>, message?: string) => expect.poll(read, { timeout: 10_000, ...(message ? { message } : {}) });

/** Saves what the operator sees, per database (the suite runs on both), for people to look at. */
async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${process.env.TEST_DB ?? "db"}-${name}.png`), fullPage: true });
}

/** The last model the provider was asked for. */
function lastModelSent(): string {
  const last = upstream.requests.filter((r) => r.method === "POST").at(-1);
  return (JSON.parse(last?.body ?? "{}") as { model?: string }).model ?? "";
}

/** The little of a canvas element the pixel count needs (the tests are typed without the DOM library). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/**
 * How many pixels of a chart's first series colour the canvas has drawn above its legend (which sits at
 * the bottom and shows the colour too): bars, not just an empty canvas.
 */
function seriesPixels(canvasSelector: string): Promise<number> {
  return page.$eval(
    canvasSelector,
    (element, hex) => {
      const canvas = element as unknown as Canvas;
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const plotHeight = Math.floor(canvas.height * 0.7);
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, plotHeight);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) count++;
      return count;
    },
    SERIES_COLOURS[0]!,
  );
}

async function signIn(key: string): Promise<void> {
  await page.goto(`${svc.url}/console/`);
  await page.getByLabel("Key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const calls = openaiLikeProvider(models, PROVIDER_KEY);
  upstream = await startMockUpstream((req, res) => {
    if (req.method === "GET" && req.url.endsWith("/models")) {
      if (req.headers.authorization !== `Bearer ${PROVIDER_KEY}`) return sendJson(res, 401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error" } });
      return sendJson(res, 200, { object: "list", data: [...models].map((id) => ({ id, object: "model", created: 1, owned_by: "mock" })) });
    }
    return calls(req, res);
  });
  svc = await startTestService();
  const profile = { name: "mock-main", type: "openai_compatible" as const, baseUrl: `${upstream.url}/v1`, apiKey: PROVIDER_KEY };
  await routeAgent(svc, "researcher", { ...profile, model: "model-a" });
  await routeAgent(svc, "coder", { ...profile, model: "model-a" });
  await svc.admin.POST("/admin/models", { body: { profile_name: "mock-main", model_name: "model-b" } });
  for (const agent of ["researcher", "researcher", "coder"]) {
    await agentSdk(svc, agent).chat.completions.create({ model: "ignored", messages: [{ role: "user", content: "hi" }] });
  }
  // The audit (and the usage rollups) are written in batches: the pages show these calls once stored.
  await vi.waitFor(async () => expect((await svc.admin.GET("/admin/requests")).data?.data).toHaveLength(3), { timeout: 10_000 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("pageerror", (error) => pageProblems.push(error.message));
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) pageProblems.push(message.text());
  });
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await upstream?.close();
});

describe("the operator's console at /console, in headless Chromium", () => {
  it("refuses a wrong key with a message saying which keys work", async () => {
    await signIn("not-a-key");
    await eventually(() => page.getByRole("alert").textContent()).toContain("This key was not accepted");
    expect(await page.getByRole("alert").textContent()).toContain("ROUTER_ADMIN_KEY");
    await screenshot("sign-in-refused");
  });

  it("signs in with the admin key and lists every agent with its model, last day and unknown cost", async () => {
    await signIn(ADMIN_KEY);
    const researcher = page.locator("tr[data-agent=researcher]");
    await researcher.waitFor();
    expect(await researcher.locator(".active-model").textContent()).toContain("model-a");
    expect(await researcher.locator("td.num").first().textContent()).toBe("2");
    expect(await researcher.locator("td.cost").textContent()).toBe("unknown");
    expect(await page.locator("tr[data-agent=coder] td.num").first().textContent()).toBe("1");
    const choices = researcher.locator("select optgroup[label=mock-main] option");
    await eventually(async () => (await choices.allTextContents()).sort()).toEqual(["model-a", "model-b"]);
    await screenshot("agents");
  });

  it("switches an agent (verified) and the very next proxied call uses the new model", async () => {
    const researcher = page.locator("tr[data-agent=researcher]");
    await researcher.locator("select").selectOption({ value: JSON.stringify(["mock-main", "model-b"]) });
    await researcher.getByRole("button", { name: "Switch" }).click();
    await eventually(() => researcher.getByRole("status").textContent()).toContain("Switched to model-b on mock-main (checked");
    await eventually(() => researcher.locator(".active-model").textContent()).toContain("model-b");

    const answer = await agentSdk(svc, "researcher").chat.completions.create({ model: "ignored", messages: [{ role: "user", content: "hi" }] });
    expect(answer.model).toBe("model-b");
    expect(lastModelSent()).toBe("model-b");
    // The audit is written in batches: the next pages show this call once it is stored.
    await eventually(async () => (await svc.admin.GET("/admin/requests", { params: { query: { agent_id: "researcher" } } })).data?.data.length).toBe(3);
  });

  it("shows an agent's history, usage chart and recent calls", async () => {
    await page.getByRole("link", { name: "researcher" }).click();
    await page.getByRole("heading", { name: "Agent researcher" }).waitFor();
    const latest = page.locator("table.history tbody tr").first();
    await latest.waitFor();
    expect(await latest.textContent()).toMatch(/model-a \(mock-main\).*model-b \(mock-main\).*admin/);
    await eventually(() => page.locator("table.requests tbody tr").count()).toBe(3);
    await eventually(() => seriesPixels(".chart canvas")).toBeGreaterThan(200);
    await screenshot("agent-detail");
  });

  it("shows an agent's pending scheduled switches with their way back, and a recent one that failed, with why", async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const until = new Date(Date.now() + 7_200_000).toISOString();
    await svc.admin.POST("/api/schedules", { body: { agent_id: "researcher", profile_name: "mock-main", model_name: "model-b", at, until, verify: false } });
    // A switch back that could not be made (its model was disabled meanwhile), as the scheduler records one.
    await svc.services.prisma.scheduledSwitch.create({
      data: {
        id: randomUUID(), agentId: "researcher", kind: "revert", profileName: "mock-main", modelName: "model-a", runAt: new Date(Date.now() - 60_000),
        status: "failed", outcome: "Model 'model-a' of 'mock-main' is disabled.", appliedAt: new Date(Date.now() - 60_000),
      },
    });
    await page.reload();
    await page.getByRole("heading", { name: "Agent researcher" }).waitFor();
    await eventually(() => page.locator("ul.schedules:not(.failed) li").first().textContent()).toMatch(/switch to model-b on mock-main, and back at /);
    await eventually(() => page.locator("ul.schedules.failed li").first().textContent()).toMatch(
      /^Failed at .*: switch back to model-a on mock-main\. Model 'model-a' of 'mock-main' is disabled\.$/,
    );
    await screenshot("agent-schedules");
  });

  it("rolls an agent back to its previous model from its page", async () => {
    await page.getByRole("button", { name: "Roll back to the previous model" }).click();
    await eventually(() => page.getByRole("status").textContent()).toBe("Rolled back to model-a on mock-main.");
    await eventually(() => page.locator(".lead").textContent()).toContain("Uses model-a on mock-main");
    await eventually(() => page.locator("table.history tbody tr").count()).toBe(3);
    const answer = await agentSdk(svc, "researcher").chat.completions.create({ model: "ignored", messages: [{ role: "user", content: "hi" }] });
    expect(answer.model).toBe("model-a");
    await eventually(async () => (await svc.admin.GET("/admin/requests", { params: { query: { agent_id: "researcher" } } })).data?.data.length).toBe(4);
  });

  it("adds a profile, syncs its models, disables one, replaces its key (a refused sync reads plainly) and sets a price", async () => {
    await page.getByRole("link", { name: "Profiles" }).click();
    const form = page.getByRole("form", { name: "Add a profile" });
    await form.getByLabel("Name").fill("mock-second");
    await form.getByLabel("Provider").selectOption("openai_compatible");
    await form.getByLabel("Base URL").fill(`${upstream.url}/v1`);
    await form.getByLabel("API key").fill(PROVIDER_KEY);
    await form.getByRole("button", { name: "Add profile" }).click();
    await eventually(() => form.getByRole("status").textContent()).toContain("Added profile mock-second");

    const card = page.locator("article[data-profile=mock-second]");
    expect(await card.textContent()).not.toContain(PROVIDER_KEY);
    await card.getByRole("button", { name: "Sync models" }).click();
    await eventually(() => card.getByRole("status").textContent()).toContain("The provider lists 3 models; 3 were new");
    await eventually(() => card.locator("tr[data-model]").count()).toBe(3);
    await card.locator("tr[data-model=model-c]").getByRole("checkbox").click();
    await eventually(() => card.locator("tr[data-model=model-c] td.enabled").textContent()).toContain("disabled");
    const synced = await svc.agent.GET("/api/models", { params: { query: { profile: "mock-second" } } });
    expect(synced.data?.data.map((m) => [m.model_name, m.enabled])).toEqual([["model-a", true], ["model-b", true], ["model-c", false]]);

    await card.getByLabel("New API key").fill("sk-wrong-key-0009");
    await card.getByRole("button", { name: "Replace key" }).click();
    await eventually(() => card.getByText("Key replaced").textContent()).toContain("now sk-…0009");
    await card.getByRole("button", { name: "Sync models" }).click();
    await eventually(() => card.getByRole("alert").textContent()).toMatch(/^Syncing models of profile 'mock-second' .*failed: provider answered HTTP 401/);

    const row = page.locator("article[data-profile=mock-main] tr[data-model=model-b]");
    await row.getByLabel("Input", { exact: true }).fill("2");
    await row.getByLabel("Output", { exact: true }).fill("8");
    await row.getByRole("button", { name: "Save prices" }).click();
    await eventually(() => row.getByRole("status").textContent()).toBe("Prices saved.");
    const stored = await svc.agent.GET("/api/models", { params: { query: { profile: "mock-main" } } });
    expect(stored.data?.data.find((m) => m.model_name === "model-b")).toMatchObject({ input_price_per_mtok: 2, output_price_per_mtok: 8, price_source: "admin" });
    await screenshot("profiles");
  });

  it("creates a key whose secret is shown once and works, then revokes it", async () => {
    await page.getByRole("link", { name: "Keys" }).click();
    const form = page.getByRole("form", { name: "Create a key" });
    await form.getByLabel("Name").fill("console-made");
    await form.getByLabel("For agents").fill("researcher");
    await form.getByRole("button", { name: "Create key" }).click();
    const secret = (await form.locator(".secret code").textContent()) ?? "";
    expect(secret).toMatch(/^msk_/);
    const withKey = (key: string) => fetch(`${svc.url}/api/active`, { headers: { authorization: `Bearer ${key}` } });
    expect((await withKey(secret)).status).toBe(200);

    const row = page.locator("tr[data-key=console-made]");
    await eventually(() => row.locator("td.status").textContent()).toBe("active");
    await screenshot("keys");
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.getByRole("button", { name: "Confirm: revoke console-made" }).click();
    await eventually(() => row.locator("td.status").textContent()).toBe("revoked");
    expect((await withKey(secret)).status).toBe(401);
  });

  it("lists proxied calls, filtered", async () => {
    await page.getByRole("link", { name: "Agents" }).click();
    await page.getByRole("link", { name: "researcher" }).click();
    await page.getByRole("link", { name: "All calls of researcher →" }).click();
    expect(await page.getByLabel("Agent").inputValue()).toBe("researcher");
    await eventually(() => page.locator("table.requests tbody tr").count()).toBe(4);

    await page.getByRole("button", { name: "Clear filters" }).click();
    expect(await page.getByLabel("Agent").inputValue()).toBe("");
    await eventually(() => page.locator("table.requests tbody tr").count()).toBe(5);
    await page.getByLabel("Model").fill("model-b");
    await page.getByRole("button", { name: "Filter", exact: true }).click();
    await eventually(() => page.locator("table.requests tbody tr").count()).toBe(1);
    expect(await page.locator("table.requests tbody tr").textContent()).toContain("researcher");
    await screenshot("requests");
  });

  it("draws usage over time by agent and by model, with data", async () => {
    await page.getByRole("link", { name: "Usage" }).click();
    await eventually(() => page.locator(".lead").textContent()).toContain("5 calls");
    await eventually(() => seriesPixels("figure.chart >> nth=0 >> canvas")).toBeGreaterThan(200);
    await eventually(() => seriesPixels("figure.chart >> nth=1 >> canvas")).toBeGreaterThan(200);
    await screenshot("usage");
  });

  it("fits a phone-sized screen: wide tables scroll inside their box, not the page", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("link", { name: "Agents" }).click();
    await page.locator("tr[data-agent=researcher]").waitFor();
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await screenshot("agents-phone");
    await page.getByRole("link", { name: "Usage" }).click();
    await eventually(() => seriesPixels("figure.chart >> nth=0 >> canvas")).toBeGreaterThan(50);
    await screenshot("usage-phone");
    await page.getByRole("link", { name: "Profiles" }).click();
    await page.locator("form[aria-label='Add a profile']").waitFor();
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await screenshot("profiles-phone");
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("signs in with a per-agent key: only its agents, and admin pages say they need the admin key", async () => {
    const created = await svc.admin.POST("/admin/keys", { body: { name: "reader", agent_ids: ["coder"], scopes: ["read"] } });
    await signOut();
    await signIn(created.data!.secret);
    await page.locator("tr[data-agent=coder]").waitFor();
    expect(await page.locator("tr[data-agent]").count()).toBe(1);
    await page.getByRole("link", { name: "Profiles" }).click();
    await eventually(() => page.locator("section").textContent()).toContain("needs the admin key");
    await screenshot("per-agent-key");
  });

  // The 50 calls land in one or two audit batches, so many rows share a created_at: a cursor that lost
  // precision would show some rows twice or never (see /work/briefs/console-needs.md, item 1).
  it("pages through calls with the API's cursor, 50 a page, each row once", async () => {
    for (let i = 0; i < 50; i++) {
      await agentSdk(svc, "coder").chat.completions.create({ model: "ignored", messages: [{ role: "user", content: `call ${i}` }] });
    }
    await vi.waitFor(async () => expect((await svc.admin.GET("/admin/requests", { params: { query: { limit: 500 } } })).data?.data).toHaveLength(55), { timeout: 10_000 });
    await signOut();
    await signIn(ADMIN_KEY);
    await page.getByRole("link", { name: "Requests" }).click();
    const rows = page.locator("table.requests tbody tr");
    await eventually(() => rows.count()).toBe(50);
    await page.getByRole("button", { name: "Next →" }).click();
    await eventually(() => page.locator(".pager span").textContent()).toBe("Page 2");
    await eventually(() => rows.count(), "page 2 holds the 5 remaining calls of 55, none shown on page 1 again").toBe(5);
    expect(await page.getByRole("button", { name: "Next →" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "← Previous" }).click();
    await eventually(() => rows.count()).toBe(50);
  });

  it("ran without a script error or anything blocked by its content security policy", () => {
    expect(pageProblems).toEqual([]);
  });
});
