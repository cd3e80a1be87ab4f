import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSdk, routeAgent } from "../helpers/agents.ts";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const KEY_A = "sk-upstream-a-0000000000aaaa";
const KEY_B = "sk-upstream-b-0000000000bbbb";
const SECRET_PROMPT = "the launch code is 0000-SECRET-PROMPT";

function completion(model: string, content: string) {
  return {
    id: "chatcmpl-1", object: "chat.completion", created: 1, model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
  };
}

function answer(label: string) {
  return (req: RecordedRequest, res: ServerResponse) => {
    const body = JSON.parse(req.body) as { model: string; stream?: boolean };
    if (!body.stream) return sendJson(res, 200, completion(body.model, `${label}:${body.model}`));
    res.writeHead(200, { "content-type": "text/event-stream" });
    const chunk = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: "assistant", content: "" }));
    res.write(chunk({ content: `${label}:` }));
    res.write(chunk({ content: body.model }));
    res.write(chunk({}, "stop"));
    res.write(`data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: body.model, choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } })}\n\n`);
    res.end("data: [DONE]\n\n");
  };
}

/** Sends a chat body exactly as given (no SDK in between); resolves to the status. */
async function postAs(agentId: string, body: string): Promise<number> {
  const res = await fetch(`${svc.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": agentId, "content-type": "application/json" },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

let svc: TestService;
let upA: MockUpstream;
let upB: MockUpstream;
beforeAll(async () => {
  upA = await startMockUpstream(answer("A"));
  upB = await startMockUpstream(answer("B"));
  svc = await startTestService();
  await routeAgent(svc, "agent-1", { name: "prof-a", type: "openai_compatible", baseUrl: `${upA.url}/v1`, apiKey: KEY_A, model: "model-a" });
});
afterAll(async () => {
  await svc.stop();
  await upA.close();
  await upB.close();
});

describe("/v1/chat/completions to an OpenAI-style profile, through the official openai SDK", () => {
  it("forwards to the active profile and model with the profile's key, and answers", async () => {
    const sdk = agentSdk(svc, "agent-1");
    const res = await sdk.chat.completions.create({ model: "whatever", messages: [{ role: "user", content: SECRET_PROMPT }] });
    expect(res.choices[0]?.message.content).toBe("A:model-a");

    const seen = upA.requests.at(-1)!;
    expect(seen.url).toBe("/v1/chat/completions");
    expect(seen.headers.authorization).toBe(`Bearer ${KEY_A}`);
    expect(seen.headers["x-agent-id"]).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain(AGENT_KEY);
    const sent = JSON.parse(seen.body) as Record<string, unknown>;
    expect(sent).toEqual({ model: "model-a", messages: [{ role: "user", content: SECRET_PROMPT }] });
  });

  it("writes one audit_requests row with the prompt's hash and never its text", async () => {
    await svc.audit.flush();
    const rows = await svc.services.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT * FROM audit_requests WHERE agent_id = 'agent-1' ORDER BY id`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      agent_id: "agent-1", profile_name: "prof-a", model_name: "model-a", stream: false, status: 200,
      prompt_tokens: 11, completion_tokens: 3, total_tokens: 14,
    });
    const compactMessages = JSON.stringify([{ role: "user", content: SECRET_PROMPT }]);
    expect(rows[0]!.prompt_sha256).toBe(createHash("sha256").update(compactMessages).digest("hex"));
    expect(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("SECRET-PROMPT");
  });

  it("streams through, with usage, and audits the stream", async () => {
    const sdk = agentSdk(svc, "agent-1");
    const stream = await sdk.chat.completions.create({
      model: "x", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "hi" }],
    });
    let text = "";
    let usage;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe("A:model-a");
    expect(usage).toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
    await svc.audit.flush();
    const row = await svc.services.prisma.auditRequest.findFirst({ where: { agentId: "agent-1", stream: true } });
    expect(row).toMatchObject({ status: 200, totalTokens: 7 });
  });

  it("sends the very next call to the new upstream after a switch", async () => {
    await routeAgent(svc, "agent-2", { name: "prof-a", type: "openai_compatible", baseUrl: "", apiKey: KEY_A, model: "model-a" });
    const sdk = agentSdk(svc, "agent-2");
    const ask = () => sdk.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    expect((await ask()).choices[0]?.message.content).toBe("A:model-a");
    await routeAgent(svc, "agent-2", { name: "prof-b", type: "openai_compatible", baseUrl: `${upB.url}/v1`, apiKey: KEY_B, model: "model-b" });
    expect((await ask()).choices[0]?.message.content).toBe("B:model-b");
    expect(upB.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY_B}`);
  });

  it("passes the agent's body on byte for byte but for the model's value", async () => {
    const raw = '{\n  "model" : "agent-choice",\n  "messages": [{"role":"user","content":"caf\\u00e9 \\"quoted\\" \\\\"}],\n  "temperature": 0.5e0\n}';
    expect(await postAs("agent-1", raw)).toBe(200);
    // The shorter model name is written over the agent's, padded with spaces JSON ignores.
    expect(upA.requests.at(-1)!.body).toBe(raw.replace('"agent-choice"', '"model-a"     '));

    await svc.audit.flush();
    const row = await svc.services.prisma.auditRequest.findFirst({ where: { agentId: "agent-1" }, orderBy: { id: "desc" } });
    const compactMessages = JSON.stringify((JSON.parse(raw) as { messages: unknown }).messages);
    expect(row!.promptSha256).toBe(createHash("sha256").update(compactMessages).digest("hex"));
  });

  it("does not let a second, escaped 'model' key carry the agent's own choice to the provider", async () => {
    const raw = '{"model":"model-a","messages":[{"role":"user","content":"hi"}],"mod\\u0065l":"expensive-model"}';
    expect(await postAs("agent-1", raw)).toBe(200);
    const sent = upA.requests.at(-1)!.body;
    expect(sent).not.toContain("expensive-model");
    expect(JSON.parse(sent)).toEqual({ model: "model-a", messages: [{ role: "user", content: "hi" }] });
  });

  it("takes the agent id from the path form /agents/{agent_id}/v1", async () => {
    const sdk = agentSdk(svc, undefined, { baseURL: `${svc.url}/agents/${encodeURIComponent("agent-1")}/v1` });
    const res = await sdk.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(res.choices[0]?.message.content).toBe("A:model-a");
    const models = await sdk.models.list();
    expect(models.data.map((m) => m.id)).toContain("prof-a::model-a");
  });
});

describe("GET /v1/models", () => {
  it("lists enabled models of every profile as PROFILE::model in OpenAI's list format", async () => {
    await svc.admin.POST("/admin/models", { body: { profile_name: "prof-b", model_name: "hidden", enabled: false } });
    const res = await fetch(`${svc.url}/v1/models`, { headers: { authorization: `Bearer ${AGENT_KEY}` } });
    const body = (await res.json()) as { object: string; data: Array<{ id: string; object: string; owned_by: string; created: number }> };
    expect(body.object).toBe("list");
    expect(body.data.map((m) => m.id)).toEqual(["prof-a::model-a", "prof-b::model-b"]);
    expect(body.data[0]).toEqual({ id: "prof-a::model-a", object: "model", owned_by: "prof-a", created: expect.any(Number) });
  });

  it("answers the OpenAI SDK's models.retrieve for each listed id, directly and under the agent path, and 404 for others", async () => {
    const sdk = agentSdk(svc, undefined);
    expect(await sdk.models.retrieve("prof-a::model-a")).toEqual({ id: "prof-a::model-a", object: "model", owned_by: "prof-a", created: expect.any(Number) });
    const underAgent = agentSdk(svc, undefined, { baseURL: `${svc.url}/agents/some-agent/v1` });
    expect((await underAgent.models.retrieve("prof-b::model-b")).id).toBe("prof-b::model-b");
    for (const id of ["prof-b::hidden", "nope", "a/b"]) {
      const err = await sdk.models.retrieve(id).catch((e) => e);
      expect(err, id).toBeInstanceOf(OpenAI.NotFoundError);
      expect(err.message, id).toContain(`No enabled model has the id '${id}'`);
    }
  });
});
