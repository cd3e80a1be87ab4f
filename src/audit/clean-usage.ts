import type { RequestAudit } from "./audit-queue.ts";

const INT_MAX = 2_147_483_647;
const USAGE_FIELDS = ["promptTokens", "completionTokens", "totalTokens", "cachedTokens"] as const;

/** A usage value as stored: a whole number from 0 to 2^31-1, or null; `reason` says what was changed. */
export function cleanTokenCount(value: unknown): { value: number | null; reason?: string } {
  if (value === null || value === undefined) return { value: null };
  if (typeof value !== "number" || !Number.isFinite(value)) return { value: null, reason: `not a number (${JSON.stringify(value)?.slice(0, 40)})` };
  if (!Number.isInteger(value)) return { value: null, reason: `not a whole number (${value})` };
  if (value < 0) return { value: null, reason: `negative (${value})` };
  if (value > INT_MAX) return { value: INT_MAX, reason: `larger than ${INT_MAX} (${value}); clamped` };
  return { value };
}

/**
 * A row the audit table will take: provider-reported usage that does not fit (3000000000, 1.5, "12abc",
 * -1, NaN) is clamped or nulled, so one provider's nonsense never sinks a batch. Returns what changed.
 */
export function cleanAuditRow(row: RequestAudit): { row: RequestAudit; problems: string[] } {
  const problems: string[] = [];
  const clean = { ...row };
  for (const field of USAGE_FIELDS) {
    const { value, reason } = cleanTokenCount(row[field]);
    clean[field] = value;
    if (reason) problems.push(`${field} ${reason}`);
  }
  clean.latencyMs = Math.min(Math.max(Math.round(Number(row.latencyMs) || 0), 0), INT_MAX);
  return { row: clean, problems };
}
