import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAgent } from "../helpers/agents.ts";
import { answerInKind } from "../helpers/any-provider.ts";
import { fixture } from "../helpers/fixtures.ts";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

// Requests recorded from Codex CLI 0.169 (`codex exec`, wire_api = "responses"), their prompt and tool
// texts replaced by filler of the same length: stream, store: false, developer and user messages, function
// tools, a custom apply_patch tool with a grammar, tool_search and web_search, reasoning with
// include: ["reasoning.encrypted_content"], prompt_cache_key, text.verbosity, client_metadata.
const first = fixture("codex/responses-request.json");
const withOutput = fixture("codex/responses-function-output-request.json");
const send = (agent: string, body: string) =>
  fetch(`${svc.url}/agents/${agent}/v1/responses`, { method: "POST", headers: { authorization: `Bearer ${AGENT_KEY}`, "content-type": "application/json" }, body });

let svc: TestService;
let upstream: MockUpstream;
const lastRequest = () => upstream.requests.at(-1)!;
const events = (sse: string) => sse.split("\n\n").filter(Boolean).map((e) => JSON.parse(e.slice(e.indexOf("data: ") + 6)) as { type: string; sequence_number: number; item?: Record<string, unknown> });

beforeAll(async () => {
  upstream = await startMockUpstream(answerInKind({ text: "hi" }));
  svc = await startTestService();
  await routeAgent(svc, "codex-openai", { name: "openai-codex", type: "openai", baseUrl: `${upstream.url}/v1`, apiKey: "sk-oa-codex-0001", model: "gpt-5-routed" });
  await routeAgent(svc, "codex-vllm", { name: "vllm-codex", type: "openai_compatible", baseUrl: `${upstream.url}/v1`, apiKey: "sk-vl-codex-0001", model: "qwen3-coder" });
  await routeAgent(svc, "codex-claude", { name: "claude-codex", type: "anthropic", baseUrl: upstream.url, apiKey: "sk-an-codex-0001", model: "claude-sonnet-4-5" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("Codex's recorded requests", () => {
  it("reach an openai profile byte for byte but the model, and the stream comes back as sent", async () => {
    const sse = fixture("codex/responses-function-call-response.sse");
    upstream.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(sse);
    });
    const res = await send("codex-openai", first);
    expect(await res.text()).toBe(sse);
    expect(lastRequest().url).toBe("/v1/responses");
    expect(lastRequest().body).toBe(first.replace(`"model": "gpt-5.5"`, `"model": "gpt-5-routed"`));
    expect(lastRequest().headers.authorization).toBe("Bearer sk-oa-codex-0001");
  });

  it.each([
    ["codex-vllm", "/v1/chat/completions"],
    ["codex-claude", "/v1/messages"],
  ])("are translated for %s: the built-in tools dropped, apply_patch a function, and the shell round trip works", async (agent, path) => {
    upstream.handle(answerInKind({ call: { id: "call_sh1", name: "exec_command", arguments: '{"cmd":"echo hi"}' } }));
    const res = await send(agent, first);
    expect(res.status).toBe(200);
    const out = events(await res.text());
    expect(out[0]!.type).toBe("response.created");
    expect(out.at(-1)!.type).toBe("response.completed");
    expect(out.map((e) => e.sequence_number)).toEqual(out.map((_, i) => i));
    const done = out.find((e) => e.type === "response.output_item.done")!;
    expect(done.item).toMatchObject({ type: "function_call", call_id: "call_sh1", name: "exec_command", arguments: '{"cmd":"echo hi"}' });

    expect(lastRequest().url).toBe(path);
    const sent = JSON.parse(lastRequest().body) as { tools: Array<Record<string, any>> };
    const names = sent.tools.map((t) => t.name ?? t.function.name);
    const recorded = JSON.parse(first) as { tools: Array<{ type: string; name?: string }> };
    expect(names).toEqual(recorded.tools.filter((t) => t.type === "function" || t.type === "custom").map((t) => t.name));
    expect(names).toContain("apply_patch");
    expect(lastRequest().body).not.toMatch(/web_search|tool_search|prompt_cache_key|client_metadata|encrypted_content/);

    upstream.handle(answerInKind({ text: "The command printed hi." }));
    const next = await send(agent, withOutput);
    expect(events(await next.text()).at(-1)).toMatchObject({ type: "response.completed" });
    const body = lastRequest().body;
    expect(body).toContain("call_mock_1");
    expect(body).toContain("Process exited with code 0");
  });
});

describe("Codex's request with a namespace tool group (sent for models it does not know)", () => {
  it.each(["codex-vllm", "codex-claude"])("works on %s with the group and web_search dropped", async (agent) => {
    upstream.handle(answerInKind({ text: "ok" }));
    const res = await send(agent, fixture("codex/responses-request-unknown-model.json"));
    expect(res.status).toBe(200);
    expect(lastRequest().body).not.toMatch(/multi_agent_v1|close_agent|web_search/);
    expect(lastRequest().body).toContain("exec_command");
  });
});
