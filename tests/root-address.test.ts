import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "./helpers/service.ts";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.stop());

describe("the service's root address", () => {
  it("sends a browser (GET) and a reachability check (HEAD, as Claude Code sends) to the console", async () => {
    for (const method of ["GET", "HEAD"]) {
      const res = await fetch(`${svc.url}/`, { method, redirect: "manual" });
      expect(res.status, method).toBe(302);
      expect(res.headers.get("location"), method).toBe("/console/");
    }
  });
});
