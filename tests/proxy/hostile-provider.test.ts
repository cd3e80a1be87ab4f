import type { ServerResponse } from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSdk, routeAgent } from "../helpers/agents.ts";
import { fixture } from "../helpers/fixtures.ts";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.ts";
import { AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

// Providers that break their protocol, cut their streams or report errors, called by agents of both
// dialects through translation. Whatever the provider does, the agent's SDK raises an error of its own
// dialect naming the profile, the switcher stays up, and the call leaves exactly one audit row.

const ANTHROPIC_KEY = "sk-ant-hostile-0123456789abcdef";
const COMPAT_KEY = "sk-compat-hostile-0123456789abcdef";

let svc: TestService;
let upstream: MockUpstream;
let reply: (res: ServerResponse) => void;

beforeAll(async () => {
  upstream = await startMockUpstream((_req, res) => reply(res));
  svc = await startTestService();
  await routeAgent(svc, "chat-agent", { name: "anthropic-main", type: "anthropic", baseUrl: upstream.url, apiKey: ANTHROPIC_KEY, model: "claude-sonnet-4-5" });
  await routeAgent(svc, "claude-agent", { name: "compat-main", type: "openai_compatible", baseUrl: `${upstream.url}/v1`, apiKey: COMPAT_KEY, model: "qwen3-coder" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

const sse = (text: string) => (res: ServerResponse) => {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.end(text);
};
/** Sends `text`, then drops the connection without ending the response. */
const cut = (text: string) => (res: ServerResponse) => {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(text);
  setTimeout(() => res.socket?.destroy(), 50);
};
const body = (status: number, contentType: string, text: string) => (res: ServerResponse) => {
  res.writeHead(status, { "content-type": contentType });
  res.end(text);
};

/** What the agent's SDK made of the call: the text it got, and the error it raised, in its own terms. */
interface Outcome {
  text: string;
  error?: { dialect: "openai" | "anthropic"; status: number | undefined; type: unknown; message: unknown };
}

async function chatCall(stream: boolean, service = svc): Promise<Outcome> {
  const sdk = agentSdk(service, "chat-agent");
  let text = "";
  try {
    if (!stream) {
      text = (await sdk.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] })).choices[0]!.message.content ?? "";
    } else {
      for await (const chunk of await sdk.chat.completions.create({ model: "x", stream: true, messages: [{ role: "user", content: "hi" }] })) {
        text += chunk.choices[0]?.delta.content ?? "";
      }
    }
    return { text };
  } catch (err) {
    if (!(err instanceof OpenAI.APIError)) throw err;
    const said = err.error as { type?: unknown; message?: unknown } | undefined;
    return { text, error: { dialect: "openai", status: err.status, type: said?.type, message: said?.message } };
  }
}

async function messagesCall(stream: boolean, service = svc): Promise<Outcome> {
  const sdk = new Anthropic({ apiKey: AGENT_KEY, baseURL: `${service.url}/agents/claude-agent`, maxRetries: 0, timeout: 20_000 });
  const ask = { model: "x", max_tokens: 100, messages: [{ role: "user" as const, content: "hi" }] };
  let text = "";
  try {
    if (!stream) {
      const answer = await sdk.messages.create(ask);
      text = answer.content.map((block) => (block.type === "text" ? block.text : "")).join("");
    } else {
      for await (const event of await sdk.messages.create({ ...ask, stream: true })) {
        if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
      }
    }
    return { text };
  } catch (err) {
    if (!(err instanceof Anthropic.APIError)) throw err;
    return { text, error: { dialect: "anthropic", status: err.status, type: err.type, message: err.apiMessage } };
  }
}

const lastAuditId = new Map<string, bigint>(); // by service URL and agent
/** The agent's audit rows written since the last look, oldest first. */
async function newAuditRows(agentId: string, service = svc) {
  await service.audit.flush();
  const key = `${service.url} ${agentId}`;
  const rows = await service.database.prisma.auditRequest.findMany({ where: { agentId, id: { gt: lastAuditId.get(key) ?? 0n } }, orderBy: { id: "asc" } });
  if (rows.length > 0) lastAuditId.set(key, rows.at(-1)!.id);
  return rows.map(({ profileName, dialect, stream, status }) => ({ profileName, dialect, stream, status }));
}

interface Direction {
  title: string;
  agentId: string;
  dialect: "chat" | "messages";
  sdk: "openai" | "anthropic";
  profileName: string;
  profile: string;
  call: (stream: boolean, service?: TestService) => Promise<Outcome>;
  /** A well-behaved provider, for the call that follows. */
  goodStream: string;
  goodText: string;
  /** The error type the agent is told for a provider that broke its protocol (502). */
  brokenType: string;
}

const anthropicEvent = (data: object) => `event: ${(data as { type: string }).type}\ndata: ${JSON.stringify(data)}\n\n`;
const messageStart = anthropicEvent({
  type: "message_start",
  message: { id: "msg_01H", type: "message", role: "assistant", model: "claude-sonnet-4-5", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 9, output_tokens: 1 } },
});
const textStart = (index: number) => anthropicEvent({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
const textDelta = (index: number, text: string) => anthropicEvent({ type: "content_block_delta", index, delta: { type: "text_delta", text } });
const messageStop = anthropicEvent({ type: "message_stop" });

const chunk = (payload: object) => `data: ${JSON.stringify({ id: "chatcmpl-H", object: "chat.completion.chunk", created: 1, model: "qwen3-coder", ...payload })}\n\n`;
const delta = (value: object, finish: string | null = null) => chunk({ choices: [{ index: 0, delta: value, finish_reason: finish }] });
const data = (payload: object) => `data: ${JSON.stringify(payload)}\n\n`;

const chatToAnthropic: Direction = {
  title: "an agent speaking chat completions to an anthropic profile (official openai SDK)",
  agentId: "chat-agent",
  dialect: "chat",
  sdk: "openai",
  profileName: "anthropic-main",
  profile: "Profile 'anthropic-main' (anthropic)",
  call: chatCall,
  goodStream: fixture("anthropic-text.chunks.txt"),
  goodText: "Hello, world",
  brokenType: "upstream_error",
};

const messagesToCompat: Direction = {
  title: "an agent speaking Anthropic Messages to an openai_compatible profile (official @anthropic-ai/sdk)",
  agentId: "claude-agent",
  dialect: "messages",
  sdk: "anthropic",
  profileName: "compat-main",
  profile: "Profile 'compat-main' (openai_compatible)",
  call: messagesCall,
  goodStream: fixture("openai/text-with-usage.chunks.txt"),
  goodText: "Grüße, world 👋 — done.",
  brokenType: "api_error",
};

interface Hostility {
  title: string;
  stream: boolean;
  provider: (res: ServerResponse) => void;
  /** The status the agent gets; undefined when the answer had started (the error comes as the stream's last event). */
  status: number | undefined;
  type: string;
  /** What the agent is told after the profile's label. */
  message: string;
  /** The text that reached the agent before the error. */
  text: string;
  /** The status audited. */
  audited: number;
}

const HOSTILITIES: Array<[Direction, Hostility[]]> = [
  [
    chatToAnthropic,
    [
      {
        title: "(a) a malformed first event",
        stream: true,
        provider: sse(anthropicEvent({ type: "message_start", message: { id: 42 } }) + messageStop),
        status: 502, type: "upstream_error", message: "sent a malformed message_start event.", text: "", audited: 502,
      },
      {
        title: "(a) a first event that is not JSON",
        stream: true,
        provider: sse("event: message_start\ndata: <html><body>502 Bad Gateway</body></html>\n\n"),
        status: 502, type: "upstream_error", message: "sent a stream event that is not JSON.", text: "", audited: 502,
      },
      {
        title: "(b) a stream cut in the middle of an event",
        stream: true,
        provider: cut(messageStart + textStart(0) + textDelta(0, "Hel") + 'event: content_block_delta\ndata: {"type":"content_block_delta","ind'),
        status: undefined, type: "upstream_error", message: "closed or reset the connection.", text: "Hel", audited: 502,
      },
      {
        title: "(b) a stream that ends cleanly in the middle of an event",
        stream: true,
        provider: sse(messageStart + textStart(0) + textDelta(0, "Hel") + 'event: content_block_delta\ndata: {"type":"content_block_de'),
        status: undefined, type: "upstream_error", message: "ended its stream in the middle of an event.", text: "Hel", audited: 502,
      },
      {
        title: "(c) content_block_delta before content_block_start",
        stream: true,
        provider: sse(messageStart + textDelta(0, "orphan") + textStart(0) + messageStop),
        status: undefined, type: "upstream_error", message: "sent a delta for block 0, which is not open.", text: "", audited: 502,
      },
      {
        title: "(c) a delta for a block other than the open one",
        stream: true,
        provider: sse(messageStart + textStart(0) + textDelta(0, "One") + textDelta(1, "Two") + messageStop),
        status: undefined, type: "upstream_error", message: "sent a delta for block 1, which is not open.", text: "One", audited: 502,
      },
      {
        title: "(c) message_stop while a block is open",
        stream: true,
        provider: sse(messageStart + textStart(0) + textDelta(0, "Unfinished") + messageStop),
        status: undefined, type: "upstream_error", message: "ended the message while block 0 was open.", text: "Unfinished", audited: 502,
      },
      {
        title: "(d) output_tokens as a string in message_delta",
        stream: true,
        provider: sse(
          messageStart + textStart(0) + textDelta(0, "Hi") + anthropicEvent({ type: "content_block_stop", index: 0 }) +
            anthropicEvent({ type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: "15" } }) + messageStop,
        ),
        status: undefined, type: "upstream_error", message: "sent a malformed message_delta event.", text: "Hi", audited: 502,
      },
      {
        title: "(d) negative input_tokens in message_start",
        stream: true,
        provider: sse(messageStart.replace('"input_tokens":9', '"input_tokens":-9') + textStart(0) + textDelta(0, "Hi")),
        status: 502, type: "upstream_error", message: "sent a malformed message_start event.", text: "", audited: 502,
      },
      {
        title: "(d) fractional input_tokens in a non-stream answer",
        stream: false,
        provider: (res) => sendJson(res, 200, { id: "msg_1", type: "message", role: "assistant", content: [{ type: "text", text: "Hi" }], stop_reason: "end_turn", usage: { input_tokens: 1.5, output_tokens: 2 } }),
        status: 502, type: "upstream_error", message: "answered with a body that is not an Anthropic message.", text: "", audited: 502,
      },
      {
        title: "(e) a 200 body that is not JSON for a non-stream call",
        stream: false,
        provider: body(200, "text/html", "<html><body>Welcome to nginx!</body></html>"),
        status: 502, type: "upstream_error", message: "answered with a body that is not JSON.", text: "", audited: 502,
      },
      {
        title: "(f) an overloaded_error as the first event",
        stream: true,
        provider: sse(anthropicEvent({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })),
        status: 529, type: "overloaded_error", message: "stream failed: overloaded_error: Overloaded.", text: "", audited: 529,
      },
      {
        title: "(g) an overloaded_error after some content",
        stream: true,
        provider: sse(fixture("anthropic-overloaded-midstream.chunks.txt")),
        status: undefined, type: "overloaded_error", message: "stream failed: overloaded_error: Overloaded.", text: "Partial", audited: 529,
      },
    ],
  ],
  [
    messagesToCompat,
    [
      {
        title: "(a) a malformed first event",
        stream: true,
        provider: sse(data({ id: "chatcmpl-H", choices: { 0: { delta: { content: "x" } } } }) + "data: [DONE]\n\n"),
        status: 502, type: "api_error", message: "sent a malformed chat.completion.chunk (choices).", text: "", audited: 502,
      },
      {
        title: "(a) a first event that is not JSON",
        stream: true,
        provider: sse("data: <html><body>502 Bad Gateway</body></html>\n\n"),
        status: 502, type: "api_error", message: "sent a stream event that is not JSON.", text: "", audited: 502,
      },
      {
        title: "(b) a stream cut in the middle of an event",
        stream: true,
        provider: cut(delta({ role: "assistant", content: "" }) + delta({ content: "Hel" }) + 'data: {"id":"chatcmpl-H","choices":[{"index":0,"delta":{"content":"lo'),
        status: undefined, type: "api_error", message: "closed or reset the connection.", text: "Hel", audited: 502,
      },
      {
        title: "(b) a stream that ends cleanly in the middle of an event",
        stream: true,
        provider: sse(delta({ content: "Hel" }) + 'data: {"id":"chatcmpl-H","choices":[{"index":0,"delta":{"content":"lo'),
        status: undefined, type: "api_error", message: "ended its stream in the middle of an event.", text: "Hel", audited: 502,
      },
      {
        title: "(c) arguments for a tool call after the next one began",
        stream: true,
        provider: sse(
          delta({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "a", arguments: "{" } }] }) +
            delta({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "b", arguments: "{}" } }] }) +
            delta({ tool_calls: [{ index: 0, function: { arguments: "}" } }] }) + delta({}, "tool_calls") + "data: [DONE]\n\n",
        ),
        status: undefined, type: "api_error", message: "streamed arguments for tool call 0 after another block began.", text: "", audited: 502,
      },
      {
        title: "(c) [DONE] before any finish_reason",
        stream: true,
        provider: sse(delta({ content: "Early" }) + "data: [DONE]\n\n"),
        status: undefined, type: "api_error", message: "ended its stream without a finish_reason.", text: "Early", audited: 502,
      },
      {
        title: "(d) prompt_tokens as '12abc' in the usage chunk",
        stream: true,
        provider: sse(delta({ content: "Hi" }) + delta({}, "stop") + chunk({ choices: [], usage: { prompt_tokens: "12abc", completion_tokens: 1, total_tokens: 13 } }) + "data: [DONE]\n\n"),
        status: undefined, type: "api_error", message: "sent a malformed chat.completion.chunk (usage.prompt_tokens).", text: "Hi", audited: 502,
      },
      {
        title: "(d) negative completion_tokens in a non-stream answer",
        stream: false,
        provider: (res) => sendJson(res, 200, { id: "c", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "Hi" }, finish_reason: "stop" }], usage: { prompt_tokens: 3, completion_tokens: -3 } }),
        status: 502, type: "api_error", message: "answered with a body that is not a chat completion.", text: "", audited: 502,
      },
      {
        title: "(e) a 200 body that is not JSON for a non-stream call",
        stream: false,
        provider: body(200, "text/html", "<html><body>Welcome to nginx!</body></html>"),
        status: 502, type: "api_error", message: "answered with a body that is not JSON.", text: "", audited: 502,
      },
      {
        title: "(f) a rate_limit_error chunk as the first event",
        stream: true,
        provider: sse(data({ error: { message: "Rate limit reached for requests", type: "rate_limit_error", code: "rate_limit_exceeded" } })),
        status: 429, type: "rate_limit_error", message: "stream failed: rate_limit_error: Rate limit reached for requests.", text: "", audited: 429,
      },
      {
        title: "(g) a server_error chunk after some content",
        stream: true,
        provider: sse(delta({ role: "assistant", content: "" }) + delta({ content: "Partial" }) + data({ error: { message: "The server had an error while processing your request", type: "server_error" } })),
        status: undefined, type: "api_error", message: "stream failed: server_error: The server had an error while processing your request.", text: "Partial", audited: 502,
      },
    ],
  ],
];

describe.each(HOSTILITIES)("a hostile provider, for $title", (direction, hostilities) => {
  it.each(hostilities)("$title: the SDK raises a $type error naming the profile; the switcher stays up; one audit row", async (hostile) => {
    await newAuditRows(direction.agentId);
    reply = hostile.provider;
    expect(await direction.call(hostile.stream)).toEqual({
      text: hostile.text,
      error: { dialect: direction.sdk, status: hostile.status, type: hostile.type, message: `${direction.profile} ${hostile.message}` },
    });

    reply = sse(direction.goodStream);
    expect(await direction.call(true)).toEqual({ text: direction.goodText });

    const row = { profileName: direction.profileName, dialect: direction.dialect };
    expect(await newAuditRows(direction.agentId)).toEqual([
      { ...row, stream: hostile.stream, status: hostile.audited },
      { ...row, stream: true, status: 200 },
    ]);
  });
});

describe("a provider error that echoes the profile's API key", () => {
  it("reaches a chat agent with the key replaced by [redacted]", async () => {
    reply = (res) => sendJson(res, 401, { type: "error", error: { type: "authentication_error", message: `invalid x-api-key: ${ANTHROPIC_KEY}` } });
    expect(await chatCall(false)).toEqual({
      text: "",
      error: { dialect: "openai", status: 401, type: "authentication_error", message: "Profile 'anthropic-main' (anthropic) answered 401: invalid x-api-key: [redacted]" },
    });
  });

  it("leaves no part of the key in a long message cut short, nor in the headers passed back", async () => {
    reply = (res) => {
      res.writeHead(401, { "content-type": "application/json", "request-id": `req_${ANTHROPIC_KEY}`, "anthropic-ratelimit-requests-remaining": ANTHROPIC_KEY.slice(0, 12) });
      res.end(JSON.stringify({ type: "error", error: { type: "authentication_error", message: `${"P".repeat(476)} ${ANTHROPIC_KEY} is invalid` } }));
    };
    const res = await fetch(`${svc.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "chat-agent", "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
    });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(res.headers.get("request-id")).toBe("req_[redacted]");
    expect(res.headers.get("anthropic-ratelimit-requests-remaining")).toBe("[redacted]");
    expect(text).toContain("[redacted]");
    expect(text).not.toContain(ANTHROPIC_KEY.slice(0, 6));
  });

  const revokedKey = (res: ServerResponse) =>
    sendJson(res, 401, {
      error: { message: `Incorrect API key provided: ${COMPAT_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: "invalid_request_error", param: null, code: "invalid_api_key" },
    });

  it("reaches a Messages agent with the key replaced by [redacted]", async () => {
    reply = revokedKey;
    const { text, error } = await messagesCall(false);
    expect({ text, status: error?.status, message: error?.message }).toEqual({
      text: "",
      status: 401,
      message: "Profile 'compat-main' (openai_compatible) answered 401: Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.",
    });
  });

  // OpenAI calls a bad key invalid_request_error at 401; Anthropic's agents expect the type that goes with 401.
  it("is named authentication_error for a Messages agent, as Anthropic names a 401", async () => {
    reply = revokedKey;
    expect((await messagesCall(false)).error).toMatchObject({ status: 401, type: "authentication_error" });
  });

  it("is redacted in an error the provider reports in the middle of a stream", async () => {
    reply = sse(delta({ content: "Hi" }) + data({ error: { message: `key ${COMPAT_KEY} was revoked`, type: "server_error" } }));
    expect(await messagesCall(true)).toEqual({
      text: "Hi",
      error: { dialect: "anthropic", status: undefined, type: "api_error", message: "Profile 'compat-main' (openai_compatible) stream failed: server_error: key [redacted] was revoked." },
    });
    reply = sse(messageStart + anthropicEvent({ type: "error", error: { type: "overloaded_error", message: `overloaded for ${ANTHROPIC_KEY}` } }));
    expect(await chatCall(true)).toEqual({
      text: "",
      error: { dialect: "openai", status: undefined, type: "overloaded_error", message: "Profile 'anthropic-main' (anthropic) stream failed: overloaded_error: overloaded for [redacted]." },
    });
  });
});

describe("a provider whose stream error has a type named like an object's own property", () => {
  it("ends the call with 502, as for any unknown type, when it comes before the answer started", async () => {
    for (const type of ["constructor", "toString", "__proto__"]) {
      reply = sse(anthropicEvent({ type: "error", error: { type, message: "odd" } }));
      expect((await chatCall(true)).error, type).toMatchObject({ dialect: "openai", status: 502 });
    }
  });
});

describe("a provider that reports more tokens than a 32-bit count holds", () => {
  it("still leaves the call's audit row, and every other row of its batch", async () => {
    await newAuditRows("claude-agent");
    await newAuditRows("chat-agent");
    reply = sse(chatToAnthropic.goodStream);
    expect(await chatCall(true)).toEqual({ text: "Hello, world" });
    reply = (res) =>
      sendJson(res, 200, {
        id: "chatcmpl-big", object: "chat.completion", model: "qwen3-coder",
        choices: [{ index: 0, message: { role: "assistant", content: "Big." }, finish_reason: "stop" }],
        usage: { prompt_tokens: 3_000_000_000, completion_tokens: 2, total_tokens: 3_000_000_002 },
      });
    expect(await messagesCall(false)).toEqual({ text: "Big." });
    expect(await newAuditRows("chat-agent")).toEqual([{ profileName: "anthropic-main", dialect: "chat", stream: true, status: 200 }]);
    expect(await newAuditRows("claude-agent")).toEqual([{ profileName: "compat-main", dialect: "messages", stream: false, status: 200 }]);
  });
});

describe("a provider that stalls, with UPSTREAM_TIMEOUT_MS=1000", () => {
  let slow: TestService;
  beforeAll(async () => {
    slow = await startTestService({ UPSTREAM_TIMEOUT_MS: "1000" });
    await routeAgent(slow, "chat-agent", { name: "anthropic-main", type: "anthropic", baseUrl: upstream.url, apiKey: ANTHROPIC_KEY, model: "claude-sonnet-4-5" });
    await routeAgent(slow, "claude-agent", { name: "compat-main", type: "openai_compatible", baseUrl: `${upstream.url}/v1`, apiKey: COMPAT_KEY, model: "qwen3-coder" });
  });
  afterAll(() => slow.stop());

  /** Sends `text` and then nothing, holding the connection open. */
  const stall = (text: string) => (res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(text);
  };

  it.each([
    [chatToAnthropic, stall(messageStart + textStart(0) + textDelta(0, "Hel")), "Hel"],
    [messagesToCompat, stall(delta({ content: "Hel" })), "Hel"],
  ] as const)("ends the stream of $title with a timeout error after the content sent, audited 504", async (direction, provider, text) => {
    reply = provider;
    const outcome = await direction.call(true, slow);
    expect(outcome).toEqual({
      text,
      error: { dialect: direction.sdk, status: undefined, type: direction.sdk === "openai" ? "timeout" : "timeout_error", message: `${direction.profile} did not answer within 1000 ms (UPSTREAM_TIMEOUT_MS).` },
    });
    expect(await newAuditRows(direction.agentId, slow)).toEqual([{ profileName: direction.profileName, dialect: direction.dialect, stream: true, status: 504 }]);
  });

  it.each([chatToAnthropic, messagesToCompat])("answers $title with a real 504 when the stream stalls before its first event", async (direction) => {
    reply = stall("");
    const outcome = await direction.call(true, slow);
    expect(outcome).toEqual({
      text: "",
      error: { dialect: direction.sdk, status: 504, type: direction.sdk === "openai" ? "timeout" : "timeout_error", message: `${direction.profile} did not answer within 1000 ms (UPSTREAM_TIMEOUT_MS).` },
    });
    expect(await newAuditRows(direction.agentId, slow)).toEqual([{ profileName: direction.profileName, dialect: direction.dialect, stream: true, status: 504 }]);
  });
});
