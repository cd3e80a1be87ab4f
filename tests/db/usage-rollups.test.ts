import { describe, expect, it } from "vitest";
import type { RequestAudit } from "../../src/audit/audit-queue.ts";
import { insertAuditRequests } from "../../src/db/audit-requests.ts";
import { sumRollups } from "../../src/db/usage-rollups.ts";
import { LATENCY_BOUNDS_MS } from "../../src/services/usage/latency-histogram.ts";
import { useMigratedDatabase } from "../helpers/database.ts";

const database = useMigratedDatabase();

const call = (agentId: string, latencyMs: number, status = 200): RequestAudit => ({
  agentId, profileName: "p", modelName: "m", providerType: "openai", dialect: "chat", stream: false, status, latencyMs,
  promptTokens: 10, completionTokens: 2, totalTokens: 12, cachedTokens: 4, promptSha256: "0".repeat(64), actor: "admin", keyId: null, errorType: null,
});

describe("usage_hourly, filled in the audit insert's own statement", () => {
  it("adds every batch to the hour's row, also when batches from several writers arrive at once", async () => {
    // Ten writers (as ten replicas would) insert 50 rows each at the same time.
    await Promise.all(Array.from({ length: 10 }, (_, w) => insertAuditRequests(database(), Array.from({ length: 50 }, (_, i) => call("a", w * 50 + i, i === 0 ? 500 : 200)))));
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const [sum] = await sumRollups(database(), { bucket: "hour", since: hour, until: new Date(hour.getTime() + 3_600_000), agents: ["a"], perAgent: true });
    expect(sum).toMatchObject({ bucketStart: hour, agentId: "a", requests: 500, errors: 10, inputTokens: 5_000, outputTokens: 1_000, cachedTokens: 2_000, latencyMaxMs: 499 });
    // Latencies 0..499 ms against the bounds 25, 50, 100, 250, 500: 26 at or below 25 ms, then 25, 50, 150 and 249.
    expect(sum?.latencyCounts).toEqual([26, 25, 50, 150, 249, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("rolls a failed batch back with its rows: the rollup never counts a row that was not stored", async () => {
    const before = await sumRollups(database(), { bucket: null, since: new Date(0), until: new Date(Date.now() + 3_600_000), agents: ["b"], perAgent: true });
    const bad = { ...call("b", 1), dialect: "x".repeat(10) as never, promptSha256: null as never };
    await expect(insertAuditRequests(database(), [call("b", 1), bad])).rejects.toThrow();
    const after = await sumRollups(database(), { bucket: null, since: new Date(0), until: new Date(Date.now() + 3_600_000), agents: ["b"], perAgent: true });
    expect(after).toEqual(before);
  });

  it("buckets latencies by the same bounds the percentiles read (each bound inclusive)", async () => {
    const rows = await database().query<{ at: number; above: number }>(
      `SELECT "usage_latency_bucket"(b) AS "at", "usage_latency_bucket"(b + 1) AS "above" FROM unnest($1::int[]) AS b`,
      [LATENCY_BOUNDS_MS],
    );
    expect(rows).toEqual(LATENCY_BOUNDS_MS.map((_, i) => ({ at: i, above: i + 1 })));
  });
});
