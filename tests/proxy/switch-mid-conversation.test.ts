import type Anthropic from "@anthropic-ai/sdk";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSdk, anthropicAgentSdk, routeAgent } from "../helpers/agents.ts";
import { chatCompletion } from "../helpers/chat-provider.ts";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let anthropic: MockUpstream;
let openai: MockUpstream;
let anthropicReply: (req: RecordedRequest, res: ServerResponse) => void;
let openaiReply: (req: RecordedRequest, res: ServerResponse) => void;
const lastBody = (mock: MockUpstream) => JSON.parse(mock.requests.at(-1)!.body) as Record<string, any>;
const weather = { name: "get_weather", input_schema: { type: "object" as const, properties: { city: { type: "string" } } } };

beforeAll(async () => {
  anthropic = await startMockUpstream((req, res) => anthropicReply(req, res));
  openai = await startMockUpstream((req, res) => openaiReply(req, res));
  svc = await startTestService();
  await routeAgent(svc, "setup", { name: "claude", type: "anthropic", baseUrl: anthropic.url, apiKey: "sk-ant-mid-0001", model: "claude-sonnet-4-5" });
  await routeAgent(svc, "setup", { name: "gpt", type: "openai", baseUrl: openai.url, apiKey: "sk-oa-mid-0001", model: "gpt-5" });
});
afterAll(async () => {
  await svc.stop();
  await anthropic.close();
  await openai.close();
});

const switchTo = async (agent: string, profile: string, model: string) => {
  const res = await svc.agent.POST("/api/switch", { body: { agent_id: agent, profile_name: profile, model_name: model } });
  expect(res.error).toBeUndefined();
};

describe("a switch in the middle of a tool call", () => {
  it("Anthropic agent: the tool call comes from an anthropic profile, the tool result goes to an openai one", async () => {
    await switchTo("coder", "claude", "claude-sonnet-4-5");
    anthropicReply = (_req, res) =>
      sendJson(res, 200, {
        id: "msg_1", type: "message", role: "assistant", model: "claude-sonnet-4-5", stop_reason: "tool_use",
        content: [{ type: "tool_use", id: "toolu_01Mid", name: "get_weather", input: { city: "Oslo" } }], usage: { input_tokens: 5, output_tokens: 5 },
      });
    const sdk = anthropicAgentSdk(svc, "coder");
    const history: Anthropic.MessageParam[] = [{ role: "user", content: "Weather in Oslo?" }];
    const first = await sdk.messages.create({ model: "x", max_tokens: 100, tools: [weather], messages: history });
    history.push({ role: "assistant", content: first.content as Anthropic.ContentBlockParam[] });
    history.push({ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01Mid", content: "4°C" }] });

    await switchTo("coder", "gpt", "gpt-5");
    openaiReply = (_req, res) => sendJson(res, 200, chatCompletion({ content: "It is 4°C in Oslo." }));
    const second = await sdk.messages.create({ model: "x", max_tokens: 100, tools: [weather], messages: history });
    expect(second.content).toEqual([{ type: "text", text: "It is 4°C in Oslo." }]);
    expect(lastBody(openai).messages).toEqual([
      { role: "user", content: "Weather in Oslo?" },
      { role: "assistant", content: null, tool_calls: [{ id: "toolu_01Mid", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }] },
      { role: "tool", tool_call_id: "toolu_01Mid", content: "4°C" },
    ]);
  });

  it("Anthropic agent: the tool call comes from an openai profile, the tool result goes to an anthropic one", async () => {
    await switchTo("coder2", "gpt", "gpt-5");
    openaiReply = (_req, res) =>
      sendJson(res, 200, chatCompletion({ content: null, tool_calls: [{ id: "call_Q1", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } }] }, "tool_calls"));
    const sdk = anthropicAgentSdk(svc, "coder2");
    const history: Anthropic.MessageParam[] = [{ role: "user", content: "Weather in Rome?" }];
    const first = await sdk.messages.create({ model: "x", max_tokens: 100, tools: [weather], messages: history });
    expect(first.stop_reason).toBe("tool_use");
    history.push({ role: "assistant", content: first.content as Anthropic.ContentBlockParam[] });
    history.push({ role: "user", content: [{ type: "tool_result", tool_use_id: "call_Q1", content: "21°C" }] });

    await switchTo("coder2", "claude", "claude-sonnet-4-5");
    anthropicReply = (_req, res) =>
      sendJson(res, 200, { id: "msg_2", type: "message", role: "assistant", model: "m", stop_reason: "end_turn", content: [{ type: "text", text: "21°C." }], usage: { input_tokens: 5, output_tokens: 2 } });
    await sdk.messages.create({ model: "x", max_tokens: 100, tools: [weather], messages: history });
    const sent = lastBody(anthropic).messages;
    expect(sent[1]).toEqual({ role: "assistant", content: [{ type: "tool_use", id: "call_Q1", name: "get_weather", input: { city: "Rome" } }] });
    expect(sent[2]).toEqual({ role: "user", content: [{ type: "tool_result", tool_use_id: "call_Q1", content: "21°C" }] });
  });

  it("chat agent: the tool call comes from an openai profile, the tool result goes to an anthropic one", async () => {
    await switchTo("chatter", "gpt", "gpt-5");
    openaiReply = (_req, res) =>
      sendJson(res, 200, chatCompletion({ content: null, tool_calls: [{ id: "call_Z9", type: "function", function: { name: "get_weather", arguments: '{"city":"Lima"}' } }] }, "tool_calls"));
    const sdk = agentSdk(svc, "chatter");
    const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: weather.input_schema } }];
    const first = await sdk.chat.completions.create({ model: "x", tools, messages: [{ role: "user", content: "Lima?" }] });
    const call = first.choices[0]!.message.tool_calls![0]!;

    await switchTo("chatter", "claude", "claude-sonnet-4-5");
    anthropicReply = (_req, res) =>
      sendJson(res, 200, { id: "msg_3", type: "message", role: "assistant", model: "m", stop_reason: "end_turn", content: [{ type: "text", text: "Warm." }], usage: { input_tokens: 5, output_tokens: 1 } });
    const second = await sdk.chat.completions.create({
      model: "x", tools,
      messages: [{ role: "user", content: "Lima?" }, first.choices[0]!.message, { role: "tool", tool_call_id: call.id, content: "25°C" }],
    });
    expect(second.choices[0]!.message.content).toBe("Warm.");
    expect(lastBody(anthropic).messages.slice(1)).toEqual([
      { role: "assistant", content: [{ type: "tool_use", id: "call_Z9", name: "get_weather", input: { city: "Lima" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "call_Z9", content: [{ type: "text", text: "25°C" }] }] },
    ]);
  });
});
