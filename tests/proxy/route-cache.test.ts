import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RouteCache } from "../../src/proxy/route-cache.ts";
import { routeAgent } from "../helpers/agents.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  await routeAgent(svc, "cached", { name: "c1", type: "openai", baseUrl: "http://127.0.0.1:9", apiKey: "sk-cache-0001", model: "m1" });
});
afterAll(() => svc.stop());

describe("RouteCache", () => {
  it("reads the database and decrypts once per agent until invalidated", async () => {
    const cache = new RouteCache(svc.services);
    const spy = vi.spyOn(svc.services.prisma.agentState, "findUnique");
    const first = await cache.resolve("cached");
    await Promise.all(Array.from({ length: 20 }, () => cache.resolve("cached")));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(first).toMatchObject({ profileName: "c1", modelName: "m1", apiKey: "sk-cache-0001", providerType: "openai" });
    cache.invalidate();
    await cache.resolve("cached");
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it("does not keep unknown agents or a load that raced an invalidation", async () => {
    const cache = new RouteCache(svc.services);
    expect(await cache.resolve("nobody")).toBeUndefined();
    const racing = cache.resolve("cached");
    cache.invalidate();
    await racing;
    await routeAgent(svc, "cached", { name: "c1", type: "openai", baseUrl: "", apiKey: "", model: "m2" });
    expect((await cache.resolve("cached"))?.modelName).toBe("m2");
  });
});
