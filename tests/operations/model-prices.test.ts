import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

// The bundled @pydantic/genai-prices snapshot's prices for these OpenAI models (USD per million tokens).
const GPT_4O = { input_price_per_mtok: 2.5, output_price_per_mtok: 10, cached_input_price_per_mtok: 1.25, price_source: "catalog" };
const GPT_4O_MINI = { input_price_per_mtok: 0.15, output_price_per_mtok: 0.6, cached_input_price_per_mtok: 0.075, price_source: "catalog" };
const UNKNOWN = { input_price_per_mtok: null, output_price_per_mtok: null, cached_input_price_per_mtok: null, price_source: null };

let svc: TestService;
let upstream: MockUpstream;
let openaiProfileId: string;

const upsert = (body: Record<string, unknown>) =>
  svc.admin.POST("/admin/models", { body: { profile_name: "priced", model_name: "gpt-4o", ...body } });

beforeAll(async () => {
  upstream = await startMockUpstream((_req, res) => sendJson(res, 200, { data: [{ id: "gpt-4o" }, { id: "gpt-4o-mini" }, { id: "house-model-x" }] }));
  svc = await startTestService();
  const created = await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "priced", provider_type: "openai", base_url: `${upstream.url}/v1`, credentials: { api_key: "sk-priced-000000000000" } },
  });
  openaiProfileId = created.data!.id;
  await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "local", provider_type: "openai_compatible", base_url: `${upstream.url}/v1`, credentials: { api_key: "sk-local-0000000000" } },
  });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("model prices", () => {
  it("are seeded from the price list when a model is created, matched by provider and model name", async () => {
    const { data } = await upsert({});
    expect(data).toMatchObject(GPT_4O);
  });

  it("stay unknown for a model the list does not know, and for openai_compatible profiles", async () => {
    expect((await upsert({ model_name: "house-model-y" })).data).toMatchObject(UNKNOWN);
    expect((await svc.admin.POST("/admin/models", { body: { profile_name: "local", model_name: "gpt-4o" } })).data).toMatchObject(UNKNOWN);
  });

  it("can be overridden by the admin (fields left out are kept; null clears one), and a sync keeps the override", async () => {
    expect((await upsert({ input_price_per_mtok: 1 })).data).toMatchObject({ ...GPT_4O, input_price_per_mtok: 1, price_source: "admin" });
    expect((await upsert({ output_price_per_mtok: null })).data).toMatchObject({ input_price_per_mtok: 1, output_price_per_mtok: null, price_source: "admin" });
    await svc.admin.POST("/admin/profiles/{id}/sync-models", { params: { path: { id: openaiProfileId } } });
    const listed = await svc.agent.GET("/api/models", { params: { query: { profile: "priced" } } });
    expect(listed.data!.data.find((m) => m.model_name === "gpt-4o")).toMatchObject({ input_price_per_mtok: 1, output_price_per_mtok: null, price_source: "admin" });
  });

  it("go back to the list's with price_source: catalog", async () => {
    expect((await upsert({ price_source: "catalog" })).data).toMatchObject(GPT_4O);
  });

  it("refuses prices and price_source: catalog together", async () => {
    const res = await upsert({ price_source: "catalog", input_price_per_mtok: 3 });
    expect(res.response.status).toBe(400);
    expect(res.error?.error.message).toContain("not both");
  });

  it("refuses a negative price, naming the field", async () => {
    const res = await upsert({ input_price_per_mtok: -1 });
    expect(res.response.status).toBe(400);
    expect(res.error?.error.message).toContain("input_price_per_mtok");
  });

  it("are seeded for models a sync creates", async () => {
    await svc.admin.POST("/admin/profiles/{id}/sync-models", { params: { path: { id: openaiProfileId } } });
    const listed = (await svc.agent.GET("/api/models", { params: { query: { profile: "priced" } } })).data!.data;
    expect(listed.find((m) => m.model_name === "gpt-4o-mini")).toMatchObject(GPT_4O_MINI);
    expect(listed.find((m) => m.model_name === "house-model-x")).toMatchObject(UNKNOWN);
  });
});
