import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.stop());

const call = (path: string, authorization?: string) =>
  fetch(`${svc.url}${path}`, { headers: authorization ? { authorization } : {} });

const adminRoute = "/admin/profiles";
const agentRoute = "/api/active?agent_id=x";

describe("authentication", () => {
  it("lets /healthz through without a key", async () => {
    expect((await call("/healthz")).status).toBe(200);
  });

  it.each([
    ["no key", undefined],
    ["a wrong key", "Bearer wrong-key-0123456789abcdef"],
    ["a near miss (last character)", `Bearer ${ADMIN_KEY.slice(0, -1)}X`],
    ["a near miss (prefix)", `Bearer ${ADMIN_KEY.slice(0, -1)}`],
    ["a near miss (suffix added)", `Bearer ${ADMIN_KEY}0`],
    ["the right key without Bearer", ADMIN_KEY],
    ["the right key as Basic", `Basic ${ADMIN_KEY}`],
    ["the agent key", `Bearer ${AGENT_KEY}`],
  ])("refuses %s on /admin/* with 401 and says which key to send", async (_name, authorization) => {
    const res = await call(adminRoute, authorization);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("authentication_error");
    expect(body.error.message).toContain("ROUTER_ADMIN_KEY");
  });

  it.each([
    ["no key", undefined],
    ["a wrong key", "Bearer wrong-key-0123456789abcdef"],
    ["a near miss", `Bearer ${AGENT_KEY.slice(0, -1)}X`],
    ["an unknown msk_ key", "Bearer msk_0000000000000000000000000000000000000000000"],
  ])("refuses %s on /api/* with 401", async (_name, authorization) => {
    const res = await call(agentRoute, authorization);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("ROUTER_AGENT_KEY");
  });

  it("accepts each key on its own routes, and the admin key on /api/* too (it acts for every agent)", async () => {
    expect((await call(adminRoute, `Bearer ${ADMIN_KEY}`)).status).toBe(200);
    expect((await call(agentRoute, `Bearer ${AGENT_KEY}`)).status).toBe(404); // authenticated; the agent has no model
    expect((await call(agentRoute, `Bearer ${ADMIN_KEY}`)).status).toBe(404);
  });

  it("never echoes a presented key", async () => {
    const res = await call(adminRoute, `Bearer ${AGENT_KEY}`);
    expect(await res.text()).not.toContain(AGENT_KEY);
  });
});
