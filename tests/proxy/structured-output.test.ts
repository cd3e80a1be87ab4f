import { createOpenAI } from "@ai-sdk/openai";
import { ChatOpenAI } from "@langchain/openai";
import { generateObject } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { routeAgent } from "../helpers/agents.ts";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const AGENT = "extractor";
const city = z.object({ city: z.string(), celsius: z.number() });

let svc: TestService;
let upstream: MockUpstream;
const lastBody = () => JSON.parse(upstream.requests.at(-1)!.body) as Record<string, any>;

/** An Anthropic provider that answers through whichever tool it was told to use, as Claude does. */
function answerThroughForcedTool() {
  upstream.handle((req, res) => {
    const body = JSON.parse(req.body) as { tool_choice?: { type: string; name?: string }; tools?: Array<{ name: string }> };
    const name = body.tool_choice?.type === "tool" ? body.tool_choice.name! : body.tools![0]!.name;
    sendJson(res, 200, {
      id: "msg_struct", type: "message", role: "assistant", model: "claude-sonnet-4-5",
      content: [{ type: "tool_use", id: "toolu_s", name, input: { city: "Oslo", celsius: 4 } }],
      stop_reason: "tool_use", usage: { input_tokens: 40, output_tokens: 12 },
    });
  });
}

beforeAll(async () => {
  upstream = await startMockUpstream((_req, res) => sendJson(res, 500, {}));
  svc = await startTestService();
  await routeAgent(svc, AGENT, { name: "anthropic-struct", type: "anthropic", baseUrl: upstream.url, apiKey: "sk-ant-struct-0000", model: "claude-sonnet-4-5" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("structured output from chat agents switched to an Anthropic profile", () => {
  it("answers the AI SDK's generateObject: json_schema becomes a forced tool, its input the JSON answer", async () => {
    answerThroughForcedTool();
    const openai = createOpenAI({ baseURL: `${svc.url}/agents/${AGENT}/v1`, apiKey: AGENT_KEY });
    const { object } = await generateObject({ model: openai.chat("gpt-4o"), schema: city, prompt: "Weather in Oslo?" });
    expect(object).toEqual({ city: "Oslo", celsius: 4 });
    const sent = lastBody();
    expect(sent.tool_choice).toEqual({ type: "tool", name: "json_answer" });
    expect(sent.tools).toHaveLength(1);
    expect(sent.tools[0]).toMatchObject({ name: "json_answer", input_schema: { type: "object", properties: { city: { type: "string" }, celsius: { type: "number" } } } });
  });

  it("answers LangChain's withStructuredOutput", async () => {
    answerThroughForcedTool();
    const model = new ChatOpenAI({ model: "gpt-4o", apiKey: AGENT_KEY, configuration: { baseURL: `${svc.url}/agents/${AGENT}/v1` }, maxRetries: 0 });
    const result = await model.withStructuredOutput(city).invoke("Weather in Oslo?");
    expect(result).toEqual({ city: "Oslo", celsius: 4 });
  });

  it("answers json_object with an object-typed forced tool", async () => {
    answerThroughForcedTool();
    const res = await fetch(`${svc.url}/agents/${AGENT}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "x", messages: [{ role: "user", content: "JSON please" }], response_format: { type: "json_object" } }),
    });
    const completion = (await res.json()) as { choices: Array<{ message: { content: string; tool_calls?: unknown }; finish_reason: string }> };
    expect(JSON.parse(completion.choices[0]!.message.content)).toEqual({ city: "Oslo", celsius: 4 });
    expect(completion.choices[0]).toMatchObject({ finish_reason: "stop" });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
    expect(lastBody().tools).toEqual([{ name: "json_answer", description: "Give the answer as this tool's input.", input_schema: { type: "object" } }]);
  });
});
