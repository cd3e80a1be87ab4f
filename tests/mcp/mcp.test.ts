import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSdk } from "../helpers/agents.ts";
import { createKey } from "../helpers/keys.ts";
import { openaiLikeProvider } from "../helpers/mock-provider.ts";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const KEY = "sk-mcp-test-key-000000000000";
let svc: TestService;
let provider: MockUpstream;
let client: Client;

/** The MCP SDK's own client, connected as an agent would connect it. */
async function connect(headers: Record<string, string>): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${svc.url}/mcp`), { requestInit: { headers } });
  const c = new Client({ name: "switcher-test", version: "1.0.0" });
  await c.connect(transport);
  return c;
}

beforeAll(async () => {
  provider = await startMockUpstream(openaiLikeProvider(new Set(["fast", "smart"]), KEY));
  svc = await startTestService();
  await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "prov", provider_type: "openai_compatible", base_url: `${provider.url}/v1`, credentials: { api_key: KEY } },
  });
  for (const model_name of ["fast", "smart", "listed-but-refused"]) await svc.admin.POST("/admin/models", { body: { profile_name: "prov", model_name } });
  await svc.admin.POST("/admin/models", { body: { profile_name: "prov", model_name: "retired", enabled: false } });
  await svc.agent.POST("/api/switch", { body: { agent_id: "self-switcher", profile_name: "prov", model_name: "fast" } });
  client = await connect({ authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "self-switcher" });
});
afterAll(async () => {
  await client.close();
  await svc.stop();
  await provider.close();
});

const activeModel = async (agent_id: string) => (await svc.agent.GET("/api/active", { params: { query: { agent_id } } })).data?.model_name;
const listed = async (c: Client) =>
  ((await c.callTool({ name: "list_models", arguments: {} })).structuredContent as { models: { profile_name: string; model_name: string }[] }).models.map(
    (m) => `${m.profile_name}/${m.model_name}`,
  );

const text = (result: Awaited<ReturnType<Client["callTool"]>>) => (result.content as { type: string; text: string }[])[0]!.text;

describe("MCP at /mcp, through the official SDK client", () => {
  it("lists the four tools, each with a description and an input schema", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["get_active_model", "list_models", "rollback_model", "switch_model"]);
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
    }
    const switchTool = tools.find((t) => t.name === "switch_model")!;
    expect(switchTool.inputSchema.required).toEqual(["profile_name", "model_name"]);
  });

  it("get_active_model and list_models answer with short text and structured content", async () => {
    const active = await client.callTool({ name: "get_active_model", arguments: {} });
    expect(text(active)).toMatch(/^You are on prov \/ fast \(openai_compatible\) since /);
    expect(active.structuredContent).toMatchObject({ agent_id: "self-switcher", profile_name: "prov", model_name: "fast" });

    const list = await client.callTool({ name: "list_models", arguments: {} });
    const models = (list.structuredContent as { models: { model_name: string; active: boolean }[] }).models;
    expect(models.map((m) => [m.model_name, m.active])).toEqual([["fast", true], ["listed-but-refused", false], ["smart", false]]);
    expect(text(list)).toContain("- prov / fast (active)");
  });

  it("switch_model switches its own agent, verified, and the next proxied call uses the new model", async () => {
    const result = await client.callTool({ name: "switch_model", arguments: { profile_name: "prov", model_name: "smart" } });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toBe("Switched to prov / smart (was prov / fast). Your next request uses it.");
    expect(result.structuredContent).toMatchObject({ active: { model_name: "smart" }, previous: { model_name: "fast" }, verification_latency_ms: expect.any(Number) });

    provider.requests.length = 0;
    const completion = await agentSdk(svc, "self-switcher").chat.completions.create({ model: "whatever", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]!.message.content).toBe("answer from smart");
    expect(JSON.parse(provider.requests[0]!.body).model).toBe("smart");

    const [entry] = (await svc.agent.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: "self-switcher" } } })).data!.data;
    expect(entry).toMatchObject({ via: "mcp", actor: "legacy agent key", to_model: "smart" });
  });

  it("refuses, with the reason as the tool's error text, models outside the list and models the provider refuses", async () => {
    const disabled = await client.callTool({ name: "switch_model", arguments: { profile_name: "prov", model_name: "retired" } });
    expect(disabled.isError).toBe(true);
    expect(text(disabled)).toMatch(/prov \/ retired is not a model you may switch to. Call list_models/);

    const refused = await client.callTool({ name: "switch_model", arguments: { profile_name: "prov", model_name: "listed-but-refused" } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/did not accept model 'listed-but-refused' \(HTTP 404, model_not_found\).*Nothing was changed/);
    expect((await svc.agent.GET("/api/active", { params: { query: { agent_id: "self-switcher" } } })).data?.model_name).toBe("smart");
  });

  it("names its own tools in what it says, not the HTTP API's routes", async () => {
    const result = await client.callTool({ name: "rollback_model", arguments: { to: 99_999 } });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe("Agent 'self-switcher' has no history entry 99999. Use a history_id from an earlier switch_model or rollback_model result.");
  });

  it("refuses an argument a tool does not take, such as another agent's id, and changes nothing", async () => {
    const result = await client.callTool({ name: "switch_model", arguments: { profile_name: "prov", model_name: "retired", agent_id: "someone-else" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/agent_id/);
    expect((await svc.agent.GET("/api/active", { params: { query: { agent_id: "self-switcher" } } })).data?.model_name).toBe("smart");
    expect((await svc.agent.GET("/api/active", { params: { query: { agent_id: "someone-else" } } })).response.status).toBe(404);
  });

  it("rollback_model returns to the previous model", async () => {
    const result = await client.callTool({ name: "rollback_model", arguments: {} });
    expect(text(result)).toBe("Rolled back to prov / fast (was prov / smart). Your next request uses it.");
    expect((await svc.agent.GET("/api/active", { params: { query: { agent_id: "self-switcher" } } })).data?.model_name).toBe("fast");
  });
});

describe("the agent's allowed models, over MCP", () => {
  it("list_models lists only the agent's allowed models, and switch_model refuses the others", async () => {
    await svc.admin.PUT("/admin/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "self-switcher" } }, body: { allowed: [{ profile_name: "prov", model_name: "smart" }] } });
    try {
      const list = await client.callTool({ name: "list_models", arguments: {} });
      expect((list.structuredContent as { models: unknown[] }).models).toEqual([{ profile_name: "prov", model_name: "smart", provider_type: "openai_compatible", active: false }]);
      expect(text(list)).toBe("1 models you may switch to:\n- prov / smart");

      const outside = await client.callTool({ name: "switch_model", arguments: { profile_name: "prov", model_name: "listed-but-refused" } });
      expect(outside.isError).toBe(true);
      expect(text(outside)).toMatch(/prov \/ listed-but-refused is not a model you may switch to. Call list_models/);
      expect(await activeModel("self-switcher")).toBe("fast");

      // A whole profile on the list stands for its enabled models.
      await svc.admin.PUT("/admin/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "self-switcher" } }, body: { allowed: [{ profile_name: "prov" }] } });
      expect(await listed(client)).toEqual(["prov/fast", "prov/listed-but-refused", "prov/smart"]);
    } finally {
      await svc.admin.PUT("/admin/agents/{agent_id}/allowed-models", { params: { path: { agent_id: "self-switcher" } }, body: { allowed: [] } });
    }
  });
});

describe("per-agent keys over MCP", () => {
  it("a key bound to agent A acts for A without naming it, and cannot reach agent B", async () => {
    for (const agent_id of ["agent-a", "agent-b"]) await svc.admin.POST("/api/switch", { body: { agent_id, profile_name: "prov", model_name: "fast" } });
    const keyA = await createKey(svc, { name: "key-a", agent_ids: ["agent-a"], scopes: ["read", "switch"] });

    await expect(connect({ authorization: `Bearer ${keyA.secret}`, "x-agent-id": "agent-b" })).rejects.toThrow(
      /This key may not act for agent 'agent-b'. Use that agent's own key/,
    );

    const asA = await connect({ authorization: `Bearer ${keyA.secret}` });
    try {
      const result = await asA.callTool({ name: "switch_model", arguments: { profile_name: "prov", model_name: "smart" } });
      expect(text(result)).toBe("Switched to prov / smart (was prov / fast). Your next request uses it.");
      expect(result.structuredContent).toMatchObject({ active: { agent_id: "agent-a" } });
    } finally {
      await asA.close();
    }
    expect(await activeModel("agent-a")).toBe("smart");
    expect(await activeModel("agent-b")).toBe("fast");
    const [entry] = (await svc.agent.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: "agent-a" } } })).data!.data;
    expect(entry).toMatchObject({ via: "mcp", actor: `key key-a (${keyA.id})`, key_id: keyA.id });
    expect((await svc.agent.GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: "agent-b" } } })).data!.data.map((h) => h.via)).toEqual(["api"]);
  });

  it("each tool needs its scope: a key without 'switch' can read but not switch", async () => {
    const readOnly = await createKey(svc, { name: "key-read", agent_ids: ["agent-b"], scopes: ["call", "read"] });
    const asB = await connect({ authorization: `Bearer ${readOnly.secret}` });
    try {
      expect((await asB.callTool({ name: "get_active_model", arguments: {} })).isError).toBeFalsy();
      for (const [name, args] of [["switch_model", { profile_name: "prov", model_name: "smart" }], ["rollback_model", {}]] as const) {
        const refused = await asB.callTool({ name, arguments: args });
        expect(refused.isError, name).toBe(true);
        expect(text(refused)).toBe(`Key 'key-read' (msk_…${readOnly.secret.slice(-4)}) lacks the 'switch' scope needed to switch agents. Ask the admin for a key with scopes including 'switch' (POST /admin/keys).`);
      }
    } finally {
      await asB.close();
    }
    expect(await activeModel("agent-b")).toBe("fast");
  });

  it("a key bound to several agents must name one of them", async () => {
    const both = await createKey(svc, { name: "key-ab", agent_ids: ["agent-a", "agent-b"], scopes: ["read", "switch"] });
    await expect(connect({ authorization: `Bearer ${both.secret}` })).rejects.toThrow(/valid for agents .agent-a., .agent-b.: name the agent/);
    const asB = await connect({ authorization: `Bearer ${both.secret}`, "x-agent-id": "agent-b" });
    try {
      expect(text(await asB.callTool({ name: "get_active_model", arguments: {} }))).toMatch(/^You are on prov \/ fast /);
    } finally {
      await asB.close();
    }
  });
});

describe("who may use /mcp", () => {
  const initialize = (headers: Record<string, string>) =>
    fetch(`${svc.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } }),
    });

  it("a key valid for all agents must name the agent", async () => {
    const res = await initialize({ authorization: `Bearer ${AGENT_KEY}` });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/name the agent .* with the 'x-agent-id' header/);
    await expect(connect({ authorization: `Bearer ${AGENT_KEY}` })).rejects.toThrow(/x-agent-id/);
  });

  it("refuses a missing or wrong key, and takes x-api-key too", async () => {
    expect((await initialize({ "x-agent-id": "self-switcher" })).status).toBe(401);
    expect((await initialize({ authorization: "Bearer not-the-key-000000000", "x-agent-id": "self-switcher" })).status).toBe(401);
    expect((await initialize({ "x-api-key": AGENT_KEY, "x-agent-id": "self-switcher" })).status).toBe(200);
  });

  it("answers GET with 405: the server is stateless", async () => {
    const res = await fetch(`${svc.url}/mcp`, { headers: { authorization: `Bearer ${AGENT_KEY}`, accept: "text/event-stream" } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});
