import type { ServerResponse } from "node:http";
import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAgent } from "../helpers/agents.ts";
import { capturingLogger } from "../helpers/log-capture.ts";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.ts";
import { ADMIN_KEY, AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

const SECRET_PROMPT = "never-log-this-prompt";
const UPSTREAM_KEY = "sk-metrics-upstream-0000000000";

// "input/output" answers with that usage; "429" answers a rate-limit error.
function scriptedProvider(req: RecordedRequest, res: ServerResponse) {
  const body = JSON.parse(req.body) as { model: string; messages: Array<{ content: string }> };
  const script = body.messages[0]?.content.split(" ")[0] ?? "";
  if (script === "429") return sendJson(res, 429, { error: { message: "slow down", type: "rate_limit_error" } });
  const [input = 0, output = 0] = script.split("/").map(Number);
  sendJson(res, 200, {
    id: "c", object: "chat.completion", created: 1, model: body.model,
    choices: [{ index: 0, message: { role: "assistant", content: "ok", refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  });
}

async function call(agentId: string, script: string): Promise<number> {
  const res = await fetch(`${svc.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": agentId, "content-type": "application/json" },
    body: JSON.stringify({ model: "x", messages: [{ role: "user", content: `${script} ${SECRET_PROMPT}` }] }),
  });
  await res.arrayBuffer();
  return res.status;
}

interface Scrape {
  families: PrometheusFamily[];
  /** Every sample line, parsed, in runs of one sample name (`x_bucket`, `x_sum`, `x_count` for a histogram `x`). */
  samples: PrometheusFamily[];
}

async function scrape(): Promise<Scrape> {
  const res = await fetch(`${svc.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  const text = await res.text();
  // The parser folds a histogram's series into one when it knows the type, losing their labels; read
  // the families' types from the text as it is, and the samples from the text without TYPE lines.
  return { families: parsePrometheusTextFormat(text), samples: parsePrometheusTextFormat(text.replace(/^# TYPE .*\n/gm, "")) };
}

const family = (scraped: Scrape, name: string) => scraped.families.find((f) => f.name === name);
const matches = (labels: Record<string, string> | undefined, want: Record<string, string>) => Object.entries(want).every(([k, v]) => labels?.[k] === v);
/** The sum of the samples named `name` with these labels (0 when there are none). */
function total(scraped: Scrape, name: string, want: Record<string, string>): number {
  return scraped.samples
    .filter((f) => f.name === name)
    .flatMap((f) => f.metrics)
    .filter((m) => matches(m.labels, want))
    .reduce((s, m) => s + Number(m.value), 0);
}

let svc: TestService;
let upstream: MockUpstream;
const log = capturingLogger();

beforeAll(async () => {
  upstream = await startMockUpstream(scriptedProvider);
  svc = await startTestService({}, undefined, { logger: log.logger });
  await routeAgent(svc, "meter", { name: "metered", type: "openai_compatible", baseUrl: `${upstream.url}/v1`, apiKey: UPSTREAM_KEY, model: "m1" });
});
afterAll(async () => {
  await svc.stop();
  await upstream.close();
});

describe("GET /metrics", () => {
  it("is Prometheus text whose call, token and error series move by exactly the calls made", async () => {
    const before = await scrape();
    expect(await call("meter", "10/2")).toBe(200);
    expect(await call("meter", "20/3")).toBe(200);
    expect(await call("meter", "429")).toBe(429);
    const after = await scrape();

    const ok = { agent: "meter", profile: "metered", model: "m1", provider_type: "openai_compatible", dialect: "chat", status: "200" };
    const limited = { ...ok, status: "429" };
    const moved = (name: string, labels: Record<string, string>) => total(after, name, labels) - total(before, name, labels);
    expect(family(after, "gen_ai_client_operation_duration_seconds")?.type).toBe("HISTOGRAM");
    expect(moved("gen_ai_client_operation_duration_seconds_count", ok)).toBe(2);
    expect(moved("gen_ai_client_operation_duration_seconds_count", limited)).toBe(1);
    expect(moved("gen_ai_client_operation_duration_seconds_bucket", { ...ok, le: "+Inf" })).toBe(2);
    expect(family(after, "gen_ai_client_token_usage")?.type).toBe("HISTOGRAM");
    expect(moved("gen_ai_client_token_usage_sum", { ...ok, gen_ai_token_type: "input" })).toBe(30);
    expect(moved("gen_ai_client_token_usage_sum", { ...ok, gen_ai_token_type: "output" })).toBe(5);
    expect(moved("gen_ai_client_token_usage_count", { ...ok, gen_ai_token_type: "input" })).toBe(2);
    expect(moved("gen_ai_client_token_usage_count", limited)).toBe(0);
    expect(family(after, "switcher_upstream_errors_total")?.type).toBe("COUNTER");
    expect(moved("switcher_upstream_errors_total", {})).toBe(1);
    expect(moved("switcher_upstream_errors_total", { kind: "rate_limit_error" })).toBe(1);
  });

  it("counts switches, shows the audit queue's depth and the process metrics", async () => {
    const before = await scrape();
    await svc.agent.POST("/api/switch", { body: { agent_id: "meter", profile_name: "metered", model_name: "m2" } });
    await svc.agent.POST("/api/agents/{agent_id}/rollback", { params: { path: { agent_id: "meter" } } });
    const after = await scrape();
    expect(total(after, "switcher_switches_total", { via: "api" }) - total(before, "switcher_switches_total", { via: "api" })).toBe(2);
    expect(family(after, "switcher_audit_queue_depth")?.type).toBe("GAUGE");
    expect(family(after, "process_cpu_user_seconds_total")?.type).toBe("COUNTER");
  });

  it("takes the admin key: none, or an agent key, gets 401 saying what to send", async () => {
    for (const headers of [{}, { authorization: `Bearer ${AGENT_KEY}` }] as Array<Record<string, string>>) {
      const res = await fetch(`${svc.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("METRICS_PUBLIC=true");
    }
  });
});

describe("logs", () => {
  it("write exactly one info line per proxied call, with its figures and never its prompt or a key", async () => {
    const lines = () => log.lines.filter((l) => l.msg === "proxied call" && l.agent === "meter");
    const before = lines().length;
    await call("meter", "7/1");
    await svc.audit.flush();
    expect(lines().length - before).toBe(1);
    expect(lines().at(-1)).toMatchObject({
      level: 30, agent: "meter", profile: "metered", model: "m1", provider_type: "openai_compatible", dialect: "chat", status: 200,
      input_tokens: 7, output_tokens: 1, latency_ms: expect.any(Number),
    });
    const text = log.text();
    for (const secret of [SECRET_PROMPT, AGENT_KEY, ADMIN_KEY, UPSTREAM_KEY]) expect(text).not.toContain(secret);
    expect(log.lines.some((l) => l.msg === "request" && String(l.path).startsWith("/v1/"))).toBe(false);
  });

  it("log health probes at debug, not info", async () => {
    await fetch(`${svc.url}/healthz`);
    await fetch(`${svc.url}/readyz`);
    const probes = log.lines.filter((l) => l.msg === "request" && (l.path === "/healthz" || l.path === "/readyz"));
    expect(probes.map((l) => [l.path, l.level])).toEqual([["/healthz", 20], ["/readyz", 20]]);
  });

  it("log each control-plane request at info with its full path, the console's files included", async () => {
    await fetch(`${svc.url}/console/`);
    await fetch(`${svc.url}/admin/profiles`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const paths = log.lines.filter((l) => l.msg === "request" && l.level === 30).map((l) => l.path);
    expect(paths).toEqual(expect.arrayContaining(["/console/", "/admin/profiles"]));
    expect(paths).not.toContain("/");
  });
});
