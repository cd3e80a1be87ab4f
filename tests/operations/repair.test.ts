import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const RIGHT_KEY = "sk-right-0000000000wxyz";
let svc: TestService;
let upstream: MockUpstream;
let other: MockUpstream;
let profileId: string;

/** A provider that accepts only RIGHT_KEY and says which server answered. */
const provider = (name: string) =>
  startMockUpstream((req, res) => {
    if (req.headers.authorization !== `Bearer ${RIGHT_KEY}`) return sendJson(res, 401, { error: { message: "Incorrect API key provided" } });
    const { model } = JSON.parse(req.body) as { model: string };
    sendJson(res, 200, { id: "c1", object: "chat.completion", model, choices: [{ index: 0, message: { role: "assistant", content: name }, finish_reason: "stop" }] });
  });

const chat = (agentId: string) =>
  fetch(`${svc.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": agentId, "content-type": "application/json" },
    body: JSON.stringify({ model: "x", messages: [{ role: "user", content: "hi" }] }),
  });

beforeAll(async () => {
  upstream = await provider("first");
  other = await provider("second");
  svc = await startTestService();
  const created = await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "typo", provider_type: "openai_compatible", base_url: `${upstream.url}/v1`, credentials: { api_key: "sk-wrong-0000000000abcd" } },
  });
  profileId = created.data!.id;
  await svc.agent.POST("/api/switch", { body: { agent_id: "bot", profile_name: "typo", model_name: "m1" } });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
  await other.close();
});

const patch = (body: Record<string, unknown>) =>
  svc.admin.PATCH("/admin/profiles/{id}", { params: { path: { id: profileId } }, body: body as never });

describe("PATCH /admin/profiles/{id}", () => {
  it("fixes a wrong provider key: the very next call uses it and the agent keeps its model", async () => {
    const before = await svc.agent.GET("/api/active", { params: { query: { agent_id: "bot" } } });
    expect((await chat("bot")).status).toBe(401);
    const fixed = await patch({ credentials: { api_key: RIGHT_KEY } });
    expect(fixed.data).toMatchObject({ profile_name: "typo", key_hint: "sk-…wxyz" });
    expect(JSON.stringify(fixed.data)).not.toContain(RIGHT_KEY);
    const res = await chat("bot");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { model: string }).model).toBe("m1");
    const after = await svc.agent.GET("/api/active", { params: { query: { agent_id: "bot" } } });
    expect(after.data).toEqual(before.data);
    const stored = await svc.services.prisma.profile.findUniqueOrThrow({ where: { id: profileId } });
    expect(stored.credentialsCiphertext).not.toContain(RIGHT_KEY);
  });

  it("changes base_url and renames; the next call goes to the new URL, allowed lists follow the name", async () => {
    await svc.admin.PUT("/admin/agents/{agent_id}/allowed-models", {
      params: { path: { agent_id: "bot" } },
      body: { allowed: [{ profile_name: "typo" }] },
    });
    const moved = await patch({ base_url: `${other.url}/v1/`, profile_name: "fixed" });
    expect(moved.data).toMatchObject({ profile_name: "fixed", base_url: `${other.url}/v1` });
    const res = await chat("bot");
    expect(((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe("second");
    const allowed = await svc.agent.GET("/api/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "bot" } } });
    expect(allowed.data?.allowed).toEqual([{ profile_name: "fixed" }]);
    expect((await svc.agent.GET("/api/active", { params: { query: { agent_id: "bot" } } })).data?.profile_name).toBe("fixed");
  });

  it("refuses an empty body, a taken name, a bad URL and an unknown id", async () => {
    expect((await patch({})).response.status).toBe(400);
    await svc.admin.POST("/admin/profiles", { body: { profile_name: "taken", provider_type: "openai", credentials: { api_key: "sk-x-00000000" } } });
    const taken = await patch({ profile_name: "taken" });
    expect([taken.response.status, taken.error?.error.message]).toEqual([409, "A profile named 'taken' already exists. Pick another name."]);
    expect((await patch({ base_url: "ftp://x" })).response.status).toBe(400);
    const unknown = await svc.admin.PATCH("/admin/profiles/{id}", {
      params: { path: { id: "00000000-0000-4000-8000-000000000000" } },
      body: { profile_name: "x" },
    });
    expect(unknown.response.status).toBe(404);
  });
});

describe("disabling a model", () => {
  it("is refused with 409 naming the agents while one uses it, and works once they moved", async () => {
    const refused = await svc.admin.POST("/admin/models", { body: { profile_name: "fixed", model_name: "m1", enabled: false } });
    expect(refused.response.status).toBe(409);
    expect(refused.error?.error.message).toContain("is the active model of agent(s) 'bot'");
    expect((await chat("bot")).status).toBe(200);
    const models = await svc.agent.GET("/api/models", { params: { query: { profile: "fixed" } } });
    expect(models.data?.data.find((m) => m.model_name === "m1")?.enabled).toBe(true);

    await svc.agent.POST("/api/switch", { body: { agent_id: "bot", profile_name: "fixed", model_name: "m2" } });
    const disabled = await svc.admin.POST("/admin/models", { body: { profile_name: "fixed", model_name: "m1", enabled: false } });
    expect(disabled.data?.enabled).toBe(false);
    const back = await svc.agent.POST("/api/switch", { body: { agent_id: "bot", profile_name: "fixed", model_name: "m1" } });
    expect(back.response.status).toBe(400);
    const enabled = await svc.admin.POST("/admin/models", { body: { profile_name: "fixed", model_name: "m1", enabled: true } });
    expect(enabled.data?.enabled).toBe(true);
    expect((await svc.agent.POST("/api/switch", { body: { agent_id: "bot", profile_name: "fixed", model_name: "m1" } })).response.status).toBe(200);
  });

  it("never leaves an agent on a disabled model when a disable races switches onto it", async () => {
    await svc.agent.POST("/api/switch", { body: { agent_id: "racer", profile_name: "fixed", model_name: "m2" } });
    const outcomes = await Promise.all([
      ...Array.from({ length: 10 }, () => svc.agent.POST("/api/switch", { body: { agent_id: "racer", profile_name: "fixed", model_name: "m3" } })),
      svc.admin.POST("/admin/models", { body: { profile_name: "fixed", model_name: "m3", enabled: false } }),
    ]);
    expect(outcomes.every((o) => [200, 400, 409].includes(o.response.status))).toBe(true);
    const state = await svc.services.prisma.agentState.findUniqueOrThrow({ where: { agentId: "racer" }, include: { model: true } });
    expect(state.model.modelName === "m3" ? state.model.enabled : true).toBe(true);
  });
});
