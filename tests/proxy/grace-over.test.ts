import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicAgentSdk, routeAgent } from "../helpers/agents.ts";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
let upstream: MockUpstream;
const open = new Set<ServerResponse>();

beforeAll(async () => {
  // A provider that starts a long stream and then keeps it open, as a model writing a long answer does.
  upstream = await startMockUpstream((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write('data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}\n\n');
    open.add(res);
  });
  svc = await startTestService();
  await routeAgent(svc, "long-writer", { name: "slow", type: "openai_compatible", baseUrl: upstream.url, apiKey: "sk-slow-0001", model: "m" });
});
afterAll(async () => {
  for (const res of open) res.destroy();
  await svc.stop();
  await upstream.close();
});

describe("the end of a shutdown's grace period", () => {
  it("ends a stream still running with an error event in the agent's dialect, and audits it", async () => {
    const stream = anthropicAgentSdk(svc, "long-writer").messages.stream({ model: "x", max_tokens: 100, messages: [{ role: "user", content: "Write a long story." }] });
    let text = "";
    stream.on("text", (delta) => {
      text += delta;
      if (text === "Hel") svc.lifecycle.endGrace();
    });
    const err = await stream.finalMessage().catch((e: unknown) => e);
    expect(text).toBe("Hel");
    expect(String((err as Error).message)).toContain("The switcher is restarting and could not finish this call in time; retry it.");
    await svc.audit.flush();
    const row = await svc.database.prisma.auditRequest.findFirst({ where: { agentId: "long-writer" } });
    expect(row).toMatchObject({ status: 503, dialect: "messages", stream: true });
  });
});
