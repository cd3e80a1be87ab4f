// npm run bench:usage: how long usage answers take with 1 million audit rows, on PGlite and on Postgres.
// Rows are spread over 30 days, 50 agents and 5 models, and inserted into audit_requests in batches, so
// the trigger fills usage_hourly exactly as it does for the audit writer. Also times the audit writer's
// own batch (1000 rows through insertAuditRequests) with and without the rollup trigger.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import type { RequestAudit } from "../src/audit/audit-queue.ts";
import { insertAuditRequests } from "../src/db/audit-requests.ts";
import { openDatabase, type Database } from "../src/db/database.ts";
import { agentsOverview } from "../src/services/agents-overview.ts";
import { usageReport } from "../src/services/usage/usage-report.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DATABASES = (process.env.BENCH_DATABASES ?? "pglite,postgres").split(",");
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const AGENTS = 50;
const MODELS = 5;
const DAYS = 30;
const FILL_BATCH = 50_000;
const RUNS = 5;

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

/** One profile, its models, and every agent switched to one of them (for GET /admin/agents). */
async function seedRouting(db: Database): Promise<void> {
  const profileId = randomUUID();
  await db.query(`INSERT INTO profiles (id, profile_name, provider_type, base_url, credentials_ciphertext, key_hint, updated_at)
    VALUES ($1, 'bench', 'openai', 'http://x', 'v1.a.b.c', 'sk-…', now())`, [profileId]);
  const modelIds = Array.from({ length: MODELS }, () => randomUUID());
  for (const [i, id] of modelIds.entries()) {
    await db.query(`INSERT INTO models (id, profile_id, model_name, input_price_per_mtok, output_price_per_mtok, updated_at) VALUES ($1, $2, $3, 1, 4, now())`, [id, profileId, `model-${i}`]);
  }
  for (let a = 0; a < AGENTS; a++) {
    await db.query(`INSERT INTO agent_state (agent_id, profile_id, model_id, since) VALUES ($1, $2, $3, now())`, [`agent-${a}`, profileId, modelIds[a % MODELS]]);
  }
}

/** ROWS audit rows over the last DAYS days, inserted FILL_BATCH at a time (each batch rolled up by the trigger). */
async function fill(db: Database): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < ROWS; from += FILL_BATCH) {
    await db.query(
      `INSERT INTO audit_requests (agent_id, profile_name, model_name, stream, status, latency_ms, prompt_tokens, completion_tokens, total_tokens, cached_tokens, dialect, prompt_sha256, created_at)
       SELECT 'agent-' || (i % ${AGENTS}), 'bench', 'model-' || ((i / 7) % ${MODELS}), i % 3 = 0, CASE WHEN i % 25 = 0 THEN 500 ELSE 200 END,
              ((i::bigint * 7919) % 4000)::int, 200 + i % 1000, 50 + i % 300, 250 + i % 1000 + i % 300, (i % 4) * 50, 'chat', md5(i::text),
              now() - make_interval(secs => i::float8 / ${ROWS} * ${DAYS * 86_400})
       FROM generate_series($1::int, $2::int) AS i`,
      [from, Math.min(from + FILL_BATCH, ROWS) - 1],
    );
  }
  return Math.round((performance.now() - started) / 1000);
}

const auditBatch = (n: number): RequestAudit[] =>
  Array.from({ length: n }, (_, i) => ({
    agentId: `agent-${i % AGENTS}`, profileName: "bench", modelName: `model-${i % MODELS}`, providerType: "openai", dialect: "chat", stream: false,
    status: 200, latencyMs: 100 + i, promptTokens: 300, completionTokens: 40, totalTokens: 340, cachedTokens: 0, promptSha256: "0".repeat(64),
    actor: "legacy agent key", keyId: null, errorType: null,
  }));

async function measure(kind: string, db: Database): Promise<Record<string, number | string>> {
  await seedRouting(db);
  const fillSeconds = await fill(db);
  const [{ rollups } = { rollups: 0 }] = await db.query<{ rollups: number }>(`SELECT count(*)::int AS rollups FROM usage_hourly`);
  const now = new Date();
  const figures: Record<string, number | string> = { database: kind, audit_rows: ROWS, rollup_rows: rollups, fill_s: fillSeconds };
  figures["usage 24h by agent, hourly (ms)"] = await median(RUNS, () => usageReport(db, { groupBy: "agent", bucket: "hour", agents: "all" }, now));
  figures["usage 30d by model, daily (ms)"] = await median(RUNS, () => usageReport(db, { groupBy: "model", bucket: "day", agents: "all", since: "30d" }, now));
  figures["usage 7d of one agent, hourly (ms)"] = await median(RUNS, () => usageReport(db, { groupBy: "model", bucket: "hour", agents: ["agent-7"], since: "7d" }, now));
  figures["agents, 24h window (ms)"] = await median(RUNS, () => agentsOverview(db, "all", "24h", now));
  // What the rollups spare: the same 30-day figures summed from the audit rows themselves.
  figures["same 30d sums scanning audit_requests (ms)"] = await median(3, () =>
    db.query(`SELECT date_trunc('day', created_at, 'UTC'), profile_name, model_name, count(*), count(*) FILTER (WHERE status >= 400),
      sum(prompt_tokens), sum(completion_tokens), sum(cached_tokens), percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms)
      FROM audit_requests WHERE created_at >= now() - interval '30 days' GROUP BY 1, 2, 3`),
  );
  figures["audit batch of 1000 rows, with rollup (ms)"] = await median(RUNS, () => insertAuditRequests(db, auditBatch(1000)));
  await db.query(`ALTER TABLE audit_requests DISABLE TRIGGER audit_requests_usage_rollup`);
  figures["audit batch of 1000 rows, without rollup (ms)"] = await median(RUNS, () => insertAuditRequests(db, auditBatch(1000)));
  await db.query(`ALTER TABLE audit_requests ENABLE TRIGGER audit_requests_usage_rollup`);
  return figures;
}

async function onPglite(): Promise<Record<string, number | string>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switcher-bench-usage-"));
  const db = await openDatabase({ databaseUrl: undefined, dataDir, logger: pino({ level: "silent" }) });
  try {
    return await measure("pglite", db);
  } finally {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<Record<string, number | string>> {
  const name = `switcher_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switcher-bench-usage-"));
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir, logger: pino({ level: "silent" }) });
  try {
    return await measure("postgres", db);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (const kind of DATABASES) {
  process.stderr.write(`filling ${ROWS} audit rows on ${kind}…\n`);
  const figures = kind === "postgres" ? await onPostgres() : await onPglite();
  results.push(figures);
  console.log(JSON.stringify(figures));
}
console.table(results);
