import { LATENCY_BUCKETS } from "../services/usage/latency-histogram.ts";
import type { Database } from "./database.ts";

/** Usage of one model (by one agent, or by every agent) over one bucket or the whole range, summed from hourly rollups. */
export interface RollupSum {
  bucketStart: Date | null;
  /** Null when the sum is over every agent (`perAgent: false`). */
  agentId: string | null;
  profileName: string;
  modelName: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  latencyCounts: number[];
  latencyMaxMs: number;
}

export interface RollupQuery {
  /** Sum per hour or UTC day, or over the whole range (null). */
  bucket: "hour" | "day" | null;
  since: Date;
  until: Date;
  /** Only these agents ("all": every agent). */
  agents: "all" | readonly string[];
  /** One sum per agent and model, or per model only (fewer rows when agents do not matter). */
  perAgent: boolean;
}

interface Row {
  bucket_start: Date | string | null;
  agent_id: string | null;
  profile_name: string;
  model_name: string;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  latency_counts: number[];
  latency_max_ms: number;
}

// The histograms summed element by element: plain sums, cheaper than an array aggregate.
const SUM_COUNTS = `ARRAY[${Array.from({ length: LATENCY_BUCKETS }, (_, i) => `sum("latency_counts"[${i + 1}])`).join(", ")}]::float8[]`;

/**
 * Sums usage_hourly rows with `hour` in [since, until) per bucket, agent (with `perAgent`), profile and model. Sums are
 * read as float8 (exact up to 2^53) so both drivers hand back plain numbers.
 */
export async function sumRollups(database: Database, query: RollupQuery): Promise<RollupSum[]> {
  const bucket = query.bucket === null ? "NULL::timestamptz" : `date_trunc('${query.bucket}', "hour", 'UTC')`;
  const params: unknown[] = [query.since, query.until];
  if (query.agents !== "all") params.push(query.agents);
  const agent = query.perAgent ? `"agent_id"` : "NULL::text";
  const rows = await database.query<Row>(
    `SELECT ${bucket} AS "bucket_start", ${agent} AS "agent_id", "profile_name", "model_name",
        sum("requests")::float8 AS "requests", sum("errors")::float8 AS "errors",
        sum("input_tokens")::float8 AS "input_tokens", sum("output_tokens")::float8 AS "output_tokens",
        sum("cached_tokens")::float8 AS "cached_tokens", ${SUM_COUNTS} AS "latency_counts",
        max("latency_max_ms") AS "latency_max_ms"
     FROM "usage_hourly"
     WHERE "hour" >= $1 AND "hour" < $2 ${query.agents === "all" ? "" : `AND "agent_id" = ANY($3::text[])`}
     GROUP BY 1, 2, 3, 4
     ORDER BY 1, 2, 3, 4`,
    params,
  );
  return rows.map((r) => ({
    bucketStart: r.bucket_start === null ? null : new Date(r.bucket_start),
    agentId: r.agent_id,
    profileName: r.profile_name,
    modelName: r.model_name,
    requests: r.requests,
    errors: r.errors,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cachedTokens: r.cached_tokens,
    latencyCounts: r.latency_counts,
    latencyMaxMs: r.latency_max_ms,
  }));
}
