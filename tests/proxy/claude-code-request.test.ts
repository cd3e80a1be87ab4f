import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAgent } from "../helpers/agents.ts";
import { delta, streamChunks } from "../helpers/chat-provider.ts";
import { fixture } from "../helpers/fixtures.ts";
import { startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

// Requests recorded from Claude Code 2.1.197 (`claude -p ... --output-format json`), their prompt and
// tool texts replaced by filler of the same length: ?beta=true, x-api-key, a list of anthropic-beta
// features, 3 system blocks with cache_control, a role:"system" turn inside messages, 24 tools,
// thinking adaptive with output_config.effort, context_management, a JSON metadata.user_id, max_tokens 64000.
const first = fixture("claude-code/messages-request.json");
const toolResult = fixture("claude-code/messages-tool-result-request.json");
const recordedHeaders = JSON.parse(fixture("claude-code/headers.json")) as Record<string, string>;
const headers = {
  ...Object.fromEntries(Object.entries(recordedHeaders).filter(([name]) => !["host", "content-length", "connection", "accept-encoding"].includes(name))),
  "x-api-key": AGENT_KEY,
};

let svc: TestService;
let upstream: MockUpstream;
let reply: (req: RecordedRequest, res: ServerResponse) => void;
const send = (agent: string, body: string) => fetch(`${svc.url}/agents/${agent}/v1/messages?beta=true`, { method: "POST", headers, body });

beforeAll(async () => {
  upstream = await startMockUpstream((req, res) => reply(req, res));
  svc = await startTestService();
  await routeAgent(svc, "cc-anthropic", { name: "anthropic-cc", type: "anthropic", baseUrl: upstream.url, apiKey: "sk-ant-cc-0001", model: "claude-sonnet-4-5" });
  await routeAgent(svc, "cc-local", { name: "vllm-cc", type: "openai_compatible", baseUrl: `${upstream.url}/v1`, apiKey: "sk-vllm-cc-0001", model: "qwen3-coder" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("Claude Code's recorded requests", () => {
  it("reach an anthropic profile byte for byte but the model, with its beta features, and its stream comes back as sent", async () => {
    const sse = fixture("claude-code/messages-tool-use-response.sse");
    reply = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(sse);
    };
    const res = await send("cc-anthropic", first);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(sse);
    const seen = upstream.requests.at(-1)!;
    expect(seen.body).toBe(first.replace(`"model": "claude-opus-4-8"`, `"model": "claude-sonnet-4-5"`));
    expect(seen.headers["anthropic-beta"]).toBe(recordedHeaders["anthropic-beta"]);
    expect(seen.headers["x-api-key"]).toBe("sk-ant-cc-0001");
  });

  it("are translated for an OpenAI-compatible profile: system blocks and turns, 24 function tools, effort, and the tool round trip", async () => {
    reply = (_req, res) => streamChunks(res, [delta({ content: "hi" }), delta({}, "stop"), { choices: [], usage: { prompt_tokens: 9000, completion_tokens: 2, total_tokens: 9002 } }]);
    const res = await send("cc-local", first);
    expect(res.status).toBe(200);
    const events = (await res.text()).split("\n\n").filter(Boolean).map((e) => e.split("\n")[0]);
    expect(events).toEqual([
      "event: message_start", "event: content_block_start", "event: content_block_delta", "event: content_block_stop", "event: message_delta", "event: message_stop",
    ]);
    const sent = JSON.parse(upstream.requests.at(-1)!.body) as Record<string, any>;
    const recorded = JSON.parse(first) as Record<string, any>;
    expect(upstream.requests.at(-1)!.url).toBe("/v1/chat/completions");
    expect(sent.model).toBe("qwen3-coder");
    expect(sent.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user", "system"]);
    expect(sent.messages[0].content).toBe(recorded.system.map((b: { text: string }) => b.text).join("\n"));
    expect(sent.tools).toHaveLength(recorded.tools.length);
    expect(sent.tools[1]).toEqual({ type: "function", function: { name: recorded.tools[1].name, description: recorded.tools[1].description, parameters: recorded.tools[1].input_schema } });
    expect(sent).toMatchObject({ max_tokens: 64000, reasoning_effort: "high", stream: true, stream_options: { include_usage: true } });
    expect(sent.user).toBeUndefined(); // Claude Code's user_id is a JSON document, longer than OpenAI's 64 characters
    expect(upstream.requests.at(-1)!.body).not.toMatch(/cache_control|context_management|clear_thinking|adaptive/);

    await send("cc-local", toolResult);
    const next = JSON.parse(upstream.requests.at(-1)!.body) as Record<string, any>;
    const call = next.messages.find((m: { role: string }) => m.role === "assistant");
    const result = next.messages.find((m: { role: string }) => m.role === "tool");
    expect(call.tool_calls[0]).toMatchObject({ id: "toolu_mock_257e56b1468f449499c9", function: { name: "Bash" } });
    expect(result).toEqual({ role: "tool", tool_call_id: "toolu_mock_257e56b1468f449499c9", content: "hi" });
  });
});
