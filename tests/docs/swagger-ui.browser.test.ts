import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../src/spec.ts";
import { launchChromium } from "../helpers/browser.ts";
import { ADMIN_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  svc = await startTestService();
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

const METHODS = ["get", "post", "put", "patch", "delete"];

describe("Swagger UI at /docs, in headless Chromium", () => {
  it("lists every operation of the contract", async () => {
    await page.goto(`${svc.url}/docs`);
    await page.locator(".opblock").first().waitFor();
    const listed = await page.$$eval(".opblock", (blocks) =>
      blocks.map((b) => {
        const method = b.querySelector(".opblock-summary-method")?.textContent?.toLowerCase() ?? "";
        const path = b.querySelector(".opblock-summary-path")?.getAttribute("data-path") ?? "";
        return `${method} ${path}`;
      }),
    );
    const paths = loadSpec().document.paths as Record<string, Record<string, unknown>>;
    const expected = Object.entries(paths).flatMap(([path, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m} ${path}`));
    expect(expected.length).toBeGreaterThanOrEqual(13);
    expect(listed.sort()).toEqual(expected.sort());
  });

  it("authorizes with the admin key and runs GET /admin/profiles with Try it out", async () => {
    await page.locator("button.authorize").first().click();
    const adminScheme = page.locator(".modal-ux .auth-container").filter({ hasText: "adminKey" });
    await adminScheme.locator("input").fill(ADMIN_KEY);
    await adminScheme.locator("button.authorize").click();
    await expect.poll(() => adminScheme.textContent()).toContain("Logout");
    await adminScheme.locator("button.btn-done").click();

    const operation = page.locator("#operations-profiles-listProfiles");
    await operation.locator(".opblock-summary").click();
    await operation.locator(".try-out__btn").click();
    await operation.locator("button.execute").click();
    const status = operation.locator(".live-responses-table .response .response-col_status").first();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain("200");
    await expect.poll(() => operation.locator(".live-responses-table .microlight").first().textContent()).toContain('"data"');
  });

  it("sends the admin key on /api/* too (Try it out on GET /api/agents/{agent_id}/history)", async () => {
    const operation = page.locator("#operations-switching-getAgentHistory");
    await operation.locator(".opblock-summary").click();
    await operation.locator(".try-out__btn").click();
    await operation.locator("tr[data-param-name='agent_id'] input").fill("nobody");
    await operation.locator("button.execute").click();
    const status = operation.locator(".live-responses-table .response .response-col_status").first();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain("200");
  });
});
