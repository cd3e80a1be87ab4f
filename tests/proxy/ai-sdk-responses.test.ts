import { createOpenAI } from "@ai-sdk/openai";
import { generateText, stepCountIs, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { routeAgent } from "../helpers/agents.ts";
import { answerInKind } from "../helpers/any-provider.ts";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let upstream: MockUpstream;

beforeAll(async () => {
  upstream = await startMockUpstream(answerInKind({ text: "hi" }));
  svc = await startTestService();
  await routeAgent(svc, "ai-vllm", { name: "vllm-ai", type: "openai_compatible", baseUrl: `${upstream.url}/v1`, apiKey: "sk-vl-ai-0001", model: "qwen3" });
  await routeAgent(svc, "ai-claude", { name: "claude-ai", type: "anthropic", baseUrl: upstream.url, apiKey: "sk-an-ai-0001", model: "claude-sonnet-4-5" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

/** Answers with a weather tool call until the conversation carries its result, then with text. */
function toolThenText() {
  upstream.handle((req, res) => {
    const done = req.body.includes("tool_call_id") || req.body.includes("tool_result");
    answerInKind(done ? { text: "It is 4°C in Oslo." } : { call: { id: "call_ai1", name: "weather", arguments: '{"city":"Oslo"}' } })(req, res);
  });
}

const weather = tool({
  description: "Weather for a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => `4°C in ${city}`,
});

describe.each(["ai-vllm", "ai-claude"])("the AI SDK's default openai(model), which speaks Responses, on %s", (agent) => {
  const openai = () => createOpenAI({ baseURL: `${svc.url}/agents/${agent}/v1`, apiKey: AGENT_KEY });

  it("generateText runs a tool and answers", async () => {
    toolThenText();
    const result = await generateText({ model: openai()("gpt-5"), prompt: "Weather in Oslo?", tools: { weather }, stopWhen: stepCountIs(3) });
    expect(result.steps[0]!.toolCalls[0]).toMatchObject({ toolName: "weather", input: { city: "Oslo" } });
    expect(result.text).toBe("It is 4°C in Oslo.");
    expect(upstream.requests.at(-1)!.url).toMatch(/\/chat\/completions$|\/v1\/messages$/);
  });

  it("streamText runs a tool and streams the answer", async () => {
    toolThenText();
    const result = streamText({ model: openai()("gpt-5"), prompt: "Weather in Oslo?", tools: { weather }, stopWhen: stepCountIs(3) });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("It is 4°C in Oslo.");
    expect((await result.steps)[0]!.toolResults[0]).toMatchObject({ toolName: "weather", output: "4°C in Oslo" });
  });
});
