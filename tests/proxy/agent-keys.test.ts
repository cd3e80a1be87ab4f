import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAgent } from "../helpers/agents.ts";
import { answerInKind } from "../helpers/any-provider.ts";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let upstream: MockUpstream;
let keyA: { id: string; secret: string };

async function createKey(name: string, agents: string[], scopes: Array<"call" | "read" | "switch"> = ["call", "read", "switch"]) {
  const created = await svc.admin.POST("/admin/keys", { body: { name, scopes, agent_ids: agents } });
  if (!created.data) throw new Error(JSON.stringify(created.error));
  return { id: created.data.key.id, secret: created.data.secret };
}

beforeAll(async () => {
  upstream = await startMockUpstream(answerInKind({ text: "hi" }));
  svc = await startTestService();
  for (const agent of ["a", "b"]) {
    await routeAgent(svc, agent, { name: "compat-k", type: "openai_compatible", baseUrl: `${upstream.url}/v1`, apiKey: "sk-keys-0001", model: "m" });
  }
  keyA = await createKey("bot-a", ["a"]);
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

const openai = (key: string, agent?: string) =>
  new OpenAI({ apiKey: key, baseURL: agent ? `${svc.url}/agents/${agent}/v1` : `${svc.url}/v1`, maxRetries: 0 });
const anthropic = (key: string, agent: string) => new Anthropic({ apiKey: key, baseURL: `${svc.url}/agents/${agent}`, maxRetries: 0 });

describe("per-agent keys on the proxy", () => {
  it("a key bound to one agent calls as that agent without naming it, and is attributed in the audit", async () => {
    const answer = await openai(keyA.secret).chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] });
    expect(answer.choices[0]!.message.content).toBe("hi");
    await svc.audit.flush();
    const row = await svc.database.prisma.auditRequest.findFirst({ where: { agentId: "a" }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({ actor: `key bot-a (${keyA.id})`, keyId: keyA.id });
  });

  it("agent A's key cannot call as B: 403 in every dialect, before any provider call", async () => {
    const count = upstream.requests.length;
    const chat = await openai(keyA.secret, "b").chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(chat).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(chat.error).toMatchObject({ type: "permission_error", message: expect.stringContaining("not 'b'") });
    const responses = await openai(keyA.secret, "b").responses.create({ model: "x", input: "hi" }).catch((e) => e);
    expect(responses).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const messages = await anthropic(keyA.secret, "b").messages.create({ model: "x", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(messages).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(messages.error).toMatchObject({ type: "error", error: { type: "permission_error" } });
    const header = await fetch(`${svc.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${keyA.secret}`, "x-agent-id": "b", "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
    });
    expect(header.status).toBe(403);
    expect(upstream.requests.length).toBe(count);
  });

  it("a key without the call scope cannot call models", async () => {
    const reader = await createKey("reader-a", ["a"], ["read"]);
    const err = await openai(reader.secret, "a").chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(err.status).toBe(403);
    expect(err.error.message).toContain("'call' scope");
  });

  it("a revoked key fails on the very next call, in the caller's dialect", async () => {
    const key = await createKey("short-lived", ["a"]);
    const client = anthropic(key.secret, "a");
    expect((await client.messages.create({ model: "x", max_tokens: 5, messages: [{ role: "user", content: "hi" }] })).content).toEqual([{ type: "text", text: "hi" }]);
    const revoked = await svc.admin.DELETE("/admin/keys/{key_id}", { params: { path: { key_id: key.id } } });
    expect(revoked.response.status).toBe(200);
    const err = await client.messages.create({ model: "x", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(err.error).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });
});
