import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let upstream: MockUpstream;
const KEY = "sk-sync-test-key-abcdef";

async function profile(name: string, provider_type: "openai_compatible" | "anthropic", base_url: string) {
  const res = await svc.admin.POST("/admin/profiles", { body: { profile_name: name, provider_type, base_url, credentials: { api_key: KEY } } });
  return res.data!.id;
}
const sync = (id: string) => svc.admin.POST("/admin/profiles/{id}/sync-models", { params: { path: { id } } });

beforeAll(async () => {
  upstream = await startMockUpstream((_req, res) => sendJson(res, 200, { object: "list", data: [{ id: "m-a" }, { id: "m-b" }] }));
  svc = await startTestService({ UPSTREAM_TIMEOUT_MS: "300" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("POST /admin/profiles/{id}/sync-models", () => {
  it("imports the provider's models as enabled, sending the profile's key", async () => {
    const id = await profile("compat", "openai_compatible", `${upstream.url}/v1`);
    await svc.admin.POST("/admin/models", { body: { profile_name: "compat", model_name: "m-a", enabled: false } });
    const res = await sync(id);
    expect(res.response.status).toBe(200);
    expect(res.data).toEqual({ ok: true, profile_name: "compat", found: 2, created: 1, models: ["m-a", "m-b"] });
    const last = upstream.requests.at(-1)!;
    expect([last.method, last.url, last.headers.authorization]).toEqual(["GET", "/v1/models", `Bearer ${KEY}`]);
    const models = await svc.agent.GET("/api/models", { params: { query: { profile: "compat" } } });
    // New models arrive enabled; an operator's earlier choice to disable one is kept.
    expect(models.data?.data.map((m) => [m.model_name, m.enabled])).toEqual([
      ["m-a", false],
      ["m-b", true],
    ]);
    const again = await sync(id);
    expect(again.data).toMatchObject({ ok: true, created: 0 });
  });

  it("calls Anthropic's /v1/models with x-api-key and anthropic-version", async () => {
    const id = await profile("claude", "anthropic", upstream.url);
    const res = await sync(id);
    expect(res.data).toMatchObject({ ok: true, found: 2 });
    const last = upstream.requests.at(-1)!;
    expect(last.url).toBe("/v1/models?limit=1000");
    expect(last.headers["x-api-key"]).toBe(KEY);
    expect(last.headers["anthropic-version"]).toBe("2023-06-01");
    expect(last.headers.authorization).toBeUndefined();
  });

  /** A 200 whose body never ends: a megabyte at a time until the reader hangs up. */
  const endless = (res: import("node:http").ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const more = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once("drain", more);
    };
    res.write('{"data":[');
    more();
  };

  const failures: Array<[string, (res: import("node:http").ServerResponse) => void, RegExp]> = [
    ["non-2xx", (res) => sendJson(res, 401, { error: { message: "bad key" } }), /HTTP 401/],
    ["not JSON", (res) => res.end("<html>oops</html>"), /not JSON/],
    ["not a model list", (res) => sendJson(res, 200, { models: ["a"] }), /not a model list/],
    ["timeout", () => undefined, /did not answer within 300 ms/],
    ["reset", (res) => res.socket?.destroy(), /reset|request failed/],
    ["a list that never ends", endless, /model list is larger than 16 MB/],
  ];
  for (const [name, answer, reason] of failures) {
    it(`reports ${name} as ok: false with the reason and changes nothing`, async () => {
      const mock = await startMockUpstream((_req, res) => answer(res));
      const id = await profile(`fail-${name}`, "openai_compatible", mock.url);
      const res = await sync(id);
      expect(res.response.status).toBe(502);
      const body = res.error as unknown as { ok: boolean; reason: string; error: { message: string } };
      expect(body.ok).toBe(false);
      expect(body.reason).toMatch(reason);
      expect(body.error.message).toContain(`fail-${name}`);
      expect(JSON.stringify(body)).not.toContain(KEY);
      expect(await svc.services.prisma.model.count({ where: { profileId: id } })).toBe(0);
      await mock.close();
    });
  }

  it("reports connection refused and the service keeps running", async () => {
    const id = await profile("refused", "openai_compatible", `http://127.0.0.1:${await closedPort()}`);
    const res = await sync(id);
    expect(res.response.status).toBe(502);
    expect((res.error as unknown as { reason: string }).reason).toBe("connection refused");
    const health = await svc.admin.GET("/healthz");
    expect(health.response.status).toBe(200);
  });

  it("answers 404 for an unknown profile id", async () => {
    const res = await sync("00000000-0000-4000-8000-000000000000");
    expect(res.response.status).toBe(404);
  });
});
