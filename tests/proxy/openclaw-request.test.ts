import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSdk, routeAgent } from "../helpers/agents.ts";
import { fixture } from "../helpers/fixtures.ts";
import { startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

// A request recorded from OpenClaw (openclaw agent --local, provider api "openai-completions"), its
// prompt and tool texts replaced by filler of the same length: streamed, include_usage, 12 tools,
// tool_choice auto, max_completion_tokens, a ~48 KB system prompt, consecutive user messages, and a
// tool call whose id OpenClaw rewrote (toolu_01_Ls_x became toolu01Lsx).
const recorded = JSON.parse(fixture("openclaw-chat-request.json")) as {
  messages: Array<{ role: string; content: unknown; tool_calls?: Array<{ id: string }> }>;
  tools: unknown[];
  [key: string]: unknown;
};

let svc: TestService;
let upstream: MockUpstream;
let reply: (req: RecordedRequest, res: ServerResponse) => void;
beforeAll(async () => {
  upstream = await startMockUpstream((req, res) => reply(req, res));
  svc = await startTestService();
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("OpenClaw's recorded request", () => {
  it("reaches an OpenAI-compatible profile unchanged but for the model", async () => {
    await routeAgent(svc, "claw-oa", { name: "oa", type: "openai_compatible", baseUrl: `${upstream.url}/v1`, apiKey: "sk-claw-0001", model: "gpt-real" });
    reply = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end('data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-real","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
    };
    const stream = await agentSdk(svc, "claw-oa").chat.completions.create(recorded as never);
    for await (const _ of stream as unknown as AsyncIterable<unknown>) {
      // drain
    }
    expect(JSON.parse(upstream.requests.at(-1)!.body)).toEqual({ ...recorded, model: "gpt-real" });
  });

  it("is translated for an Anthropic profile: system, tools, merged turns, rewritten tool ids", async () => {
    await routeAgent(svc, "claw-an", { name: "an", type: "anthropic", baseUrl: upstream.url, apiKey: "sk-claw-0002", model: "claude-sonnet-4-5" });
    reply = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fixture("anthropic-tool-use.chunks.txt"));
    };
    const stream = agentSdk(svc, "claw-an").chat.completions.stream(recorded as never);
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.message.tool_calls?.[0]).toMatchObject({ id: "toolu_01Weather", function: { name: "get_weather" } });

    const sent = JSON.parse(upstream.requests.at(-1)!.body) as Record<string, any>;
    expect(sent.system).toBe(recorded.messages[0]!.content);
    expect(sent.max_tokens).toBe(recorded.max_completion_tokens);
    expect(sent.stream).toBe(true);
    expect(sent.tool_choice).toEqual({ type: "auto" });
    expect(sent.tools).toHaveLength(recorded.tools.length);
    expect(sent.tools.every((t: { name: string; input_schema: object }) => t.name && t.input_schema)).toBe(true);
    expect(sent.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user", "assistant", "user"]);
    const toolId = recorded.messages[4]!.tool_calls![0]!.id;
    expect(sent.messages[3].content).toContainEqual(expect.objectContaining({ type: "tool_use", id: toolId, name: "ls" }));
    expect(sent.messages[4].content[0]).toMatchObject({ type: "tool_result", tool_use_id: toolId });
    expect(sent.messages[6].content).toHaveLength(2);
  });
});
