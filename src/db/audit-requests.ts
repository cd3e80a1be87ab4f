import type { RequestAudit } from "../audit/audit-queue.ts";
import type { Database } from "./database.ts";

const COLUMNS = [
  "agent_id", "profile_name", "model_name", "stream", "status", "latency_ms",
  "prompt_tokens", "completion_tokens", "total_tokens", "cached_tokens", "dialect", "prompt_sha256", "actor", "key_id",
];

/**
 * Stores a batch of proxied calls. A statement trigger adds the batch to the hourly usage rollups
 * (usage_hourly) in the same statement, so both are written or neither (migration 20261125190000).
 */
export function insertAuditRequests(database: Database, rows: RequestAudit[]): Promise<void> {
  return database.bulkInsert(
    "audit_requests",
    COLUMNS,
    rows.map((r) => [
      r.agentId, r.profileName, r.modelName, r.stream, r.status, r.latencyMs,
      r.promptTokens, r.completionTokens, r.totalTokens, r.cachedTokens, r.dialect, r.promptSha256, r.actor, r.keyId,
    ]),
  );
}
