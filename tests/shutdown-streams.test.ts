// SIGTERM while streams run, through the real server process: every call completes or ends with an
// error in its agent's dialect, and every call has exactly one audit row once the process is gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSwitcherClient } from "../src/client/index.ts";
import { openDatabase } from "../src/db/database.ts";
import { createSseEvents } from "../src/proxy/sse-events.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { startMockUpstream, type MockUpstream } from "./helpers/mock-upstream.ts";
import { startServerProcess, type Spawned } from "./helpers/process.ts";
import { ADMIN_KEY, AGENT_KEY, silentLogger } from "./helpers/service.ts";
import { slowStreamingProvider, type StreamPace } from "./helpers/slow-stream-provider.ts";

const DIALECTS = {
  chat: { path: "/v1/chat/completions", body: { stream: true, messages: [{ role: "user", content: "Write a long story." }] } },
  messages: { path: "/v1/messages", body: { model: "x", max_tokens: 4000, stream: true, messages: [{ role: "user", content: "Write a long story." }] } },
  responses: { path: "/v1/responses", body: { model: "x", stream: true, input: "Write a long story." } },
} as const;
type Dialect = keyof typeof DIALECTS;
/** Each dialect's calls go to a profile that speaks it, so the provider's stream is relayed as it comes. */
const PROFILE_OF: Record<Dialect, string> = { chat: "slow-chat", messages: "slow-anthropic", responses: "slow-openai" };
const CALLS_PER_DIALECT = 3;
const RESTARTING = "The switcher is restarting and could not finish this call in time; retry it.";

let tdb: TestDatabase;
let provider: MockUpstream;
let pace: StreamPace;

beforeAll(async () => {
  tdb = await createTestDatabase();
  provider = await startMockUpstream(slowStreamingProvider(() => pace));
});
afterAll(async () => {
  await provider.close();
  await tdb.drop();
});

/** The server process on its own port, with its profiles; one per case, on the file's database. */
async function startServer(env: Record<string, string>): Promise<{ proc: Spawned; url: string }> {
  const { proc, url } = await startServerProcess({
    ROUTER_ADMIN_KEY: ADMIN_KEY, ROUTER_AGENT_KEY: AGENT_KEY, DATA_DIR: tdb.dataDir, ...env,
    ...(tdb.databaseUrl ? { DATABASE_URL: tdb.databaseUrl } : {}),
  }, tdb.dataDir);
  const admin = createSwitcherClient({ baseUrl: url, key: ADMIN_KEY });
  for (const [profile_name, provider_type] of [["slow-chat", "openai_compatible"], ["slow-anthropic", "anthropic"], ["slow-openai", "openai"]] as const) {
    if ((await admin.GET("/admin/profiles")).data!.data.some((p) => p.profile_name === profile_name)) continue;
    await admin.POST("/admin/profiles", { body: { profile_name, provider_type, base_url: provider.url, credentials: { api_key: "sk-slow-stream-0000" } } });
    await admin.POST("/admin/models", { body: { profile_name, model_name: "m" } });
  }
  return { proc, url };
}

interface Call {
  agentId: string;
  dialect: Dialect;
  /** Every SSE event the agent received, in order, once the stream is over. */
  events: Promise<{ event?: string; data: string }[]>;
}

/** Starts CALLS_PER_DIALECT streams per dialect, each as an agent of its own; resolves once every one has its first bytes. */
async function startStreams(url: string, prefix: string): Promise<Call[]> {
  const agent = createSwitcherClient({ baseUrl: url, key: AGENT_KEY });
  const started: Promise<Call>[] = [];
  for (const dialect of Object.keys(DIALECTS) as Dialect[]) {
    for (let i = 0; i < CALLS_PER_DIALECT; i++) {
      const agentId = `${prefix}-${dialect}-${i}`;
      started.push((async () => {
        await agent.POST("/api/switch", { body: { agent_id: agentId, profile_name: PROFILE_OF[dialect], model_name: "m" } });
        const res = await fetch(`${url}${DIALECTS[dialect].path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": agentId, "content-type": "application/json" },
          body: JSON.stringify(DIALECTS[dialect].body),
        });
        expect(res.status, agentId).toBe(200);
        const reader = res.body!.getReader();
        const split = createSseEvents();
        const decoder = new TextDecoder();
        const received = split(decoder.decode((await reader.read()).value, { stream: true }));
        const events = (async () => {
          for (let r = await reader.read(); !r.done; r = await reader.read()) received.push(...split(decoder.decode(r.value, { stream: true })));
          return received.map(({ event, data }) => ({ event, data }));
        })();
        return { agentId, dialect, events };
      })());
    }
  }
  return Promise.all(started);
}

/** The audit rows of these calls, read from the database after the process has exited. */
async function auditRowsOf(calls: Call[]) {
  const db = await openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, logger: silentLogger });
  try {
    return await db.prisma.auditRequest.findMany({ where: { agentId: { in: calls.map((c) => c.agentId) } } });
  } finally {
    await db.close();
  }
}

/** What a stream's last event must be when it was cut, in the agent's own dialect. */
function expectCutInDialect(dialect: Dialect, last: { event?: string; data: string }) {
  const data = JSON.parse(last.data) as unknown;
  if (dialect === "chat") {
    expect(last.event).toBeUndefined();
    expect(data).toEqual({ error: { message: RESTARTING, type: "api_error", param: null, code: null } });
  } else if (dialect === "messages") {
    expect(last.event).toBe("error");
    expect(data).toEqual({ type: "error", error: { type: "overloaded_error", message: RESTARTING } });
  } else {
    expect(last.event).toBe("error");
    expect(data).toMatchObject({ type: "error", code: "server_error", message: RESTARTING });
  }
}

const LAST_EVENT: Record<Dialect, { event?: string; data: string | RegExp }> = {
  chat: { data: "[DONE]" },
  messages: { event: "message_stop", data: /"type":"message_stop"/ },
  responses: { event: "response.completed", data: /"status":"completed"/ },
};

// Each case starts the server process once (10-20 s on a busy 2-core machine for the embedded database).
describe("SIGTERM while streams run in every dialect, through the server process", { timeout: 120_000 }, () => {
  it("past a short SHUTDOWN_GRACE_MS, 30-second streams end with an error event in their dialect, each with its audit row", async () => {
    pace = { durationMs: 30_000, tickMs: 200 };
    const { proc, url } = await startServer({ SHUTDOWN_GRACE_MS: "1000" });
    const calls = await startStreams(url, "cut");

    const signalled = Date.now();
    proc.child.kill("SIGTERM");
    const ended = await Promise.all(calls.map((c) => c.events));
    expect(await proc.exited).toBe(0);
    // The grace (1 s) ended the calls, not the streams' own 30 s.
    expect(Date.now() - signalled).toBeLessThan(15_000);

    for (const [i, call] of calls.entries()) {
      const events = ended[i]!;
      expect(events.length, call.agentId).toBeGreaterThan(2);
      expectCutInDialect(call.dialect, events.at(-1)!);
      expect(events.filter((e) => e.data.includes(RESTARTING)), call.agentId).toHaveLength(1);
    }
    const rows = await auditRowsOf(calls);
    expect(rows.map((r) => r.agentId).sort()).toEqual(calls.map((c) => c.agentId).sort());
    for (const row of rows) expect(row, row.agentId).toMatchObject({ status: 503, stream: true, dialect: row.agentId.split("-")[1] });
  });

  // The stream is shorter than in the case above only to keep the suite fast: what is shown is that a
  // stream ending within the grace period runs to its end, which holds for any length under the grace.
  it("within a longer SHUTDOWN_GRACE_MS, the streams run to their proper end, each with its audit row", async () => {
    pace = { durationMs: 4_000, tickMs: 200 };
    const { proc, url } = await startServer({ SHUTDOWN_GRACE_MS: "30000" });
    const calls = await startStreams(url, "done");

    proc.child.kill("SIGTERM");
    const ended = await Promise.all(calls.map((c) => c.events));
    expect(await proc.exited).toBe(0);

    for (const [i, call] of calls.entries()) {
      const events = ended[i]!;
      const last = events.at(-1)!;
      expect(last.event, call.agentId).toBe(LAST_EVENT[call.dialect].event);
      expect(last.data).toMatch(LAST_EVENT[call.dialect].data);
      expect(events.some((e) => e.data.includes("error"))).toBe(false);
    }
    const rows = await auditRowsOf(calls);
    expect(rows.map((r) => r.agentId).sort()).toEqual(calls.map((c) => c.agentId).sort());
    for (const row of rows) expect(row, row.agentId).toMatchObject({ status: 200, stream: true, dialect: row.agentId.split("-")[1], completionTokens: 3 });
  });
});
