import type { components } from "../../generated/switcher.ts";
import type { AgentSelection } from "../auth/readable-agents.ts";
import type { Database } from "../db/database.ts";
import { badRequest } from "../errors.ts";
import { parseInstant, requireOrder } from "./usage/time-range.ts";

export type RequestPage = components["schemas"]["RequestPage"];
type RequestRow = RequestPage["data"][number];

export interface RequestFilters {
  agents: AgentSelection;
  profile?: string;
  model?: string;
  /** An exact status, a class such as `4xx`, or `error` (400 and up). */
  status?: string;
  dialect?: RequestRow["dialect"];
  since?: string;
  until?: string;
  cursor?: string;
  limit: number;
}

interface Cursor {
  id: string;
}

// Rows are paged newest first by id, the order they were written (a batch shares one created_at, so
// time alone cannot order them). The cursor is the id of the last row shown, so a page starts right
// after it even while new rows arrive; it is opaque to clients.
function encodeCursor(row: RequestRow): string {
  return Buffer.from(JSON.stringify({ id: row.id } satisfies Cursor)).toString("base64url");
}

function decodeCursor(text: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Partial<Cursor>;
    if (typeof cursor.id === "string" && /^\d{1,19}$/.test(cursor.id)) return { id: cursor.id };
  } catch {
    // Reported below.
  }
  throw badRequest("cursor is not one this service gave out: pass the next_cursor of the previous page unchanged.", "cursor");
}

/** SQL for a status filter: exact, a class, or every error. */
function statusCondition(status: string, param: (value: unknown) => string): string {
  if (status === "error") return `"status" >= 400`;
  const cls = /^([1-5])xx$/.exec(status);
  if (cls) return `"status" BETWEEN ${param(Number(cls[1]) * 100)} AND ${param(Number(cls[1]) * 100 + 99)}`;
  return `"status" = ${param(Number(status))}`;
}

/** A row as the database returns it: the contract's row, with the driver's own type for the time. */
type Row = Omit<RequestRow, "created_at"> & { created_at: Date | string };

/** A page of request audit rows, newest first, with the cursor of the next page. Never prompt text: none is stored. */
export async function listRequestRows(database: Database, filters: RequestFilters, now = new Date()): Promise<RequestPage> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (filters.agents !== "all") where.push(`"agent_id" = ANY(${param(filters.agents)}::text[])`);
  if (filters.profile !== undefined) where.push(`"profile_name" = ${param(filters.profile)}`);
  if (filters.model !== undefined) where.push(`"model_name" = ${param(filters.model)}`);
  if (filters.dialect !== undefined) where.push(`"dialect" = ${param(filters.dialect)}`);
  if (filters.status !== undefined) where.push(statusCondition(filters.status, param));
  const since = filters.since === undefined ? undefined : parseInstant(filters.since, now, "since");
  const until = filters.until === undefined ? undefined : parseInstant(filters.until, now, "until");
  if (since && until) requireOrder(since, until);
  if (since) where.push(`"created_at" >= ${param(since)}`);
  if (until) where.push(`"created_at" < ${param(until)}`);
  if (filters.cursor !== undefined) {
    const cursor = decodeCursor(filters.cursor);
    where.push(`"id" < ${param(cursor.id)}::bigint`);
  }
  const rows = await database.query<Row>(
    `SELECT "id"::text AS "id", "created_at", "agent_id", "profile_name", "model_name", "dialect", "stream", "status", "latency_ms",
        "prompt_tokens", "completion_tokens", "total_tokens", "cached_tokens", "prompt_sha256", "actor", "key_id"::text AS "key_id"
     FROM "audit_requests" ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY "audit_requests"."id" DESC
     LIMIT ${param(filters.limit + 1)}`,
    params,
  );
  const data: RequestRow[] = rows.slice(0, filters.limit).map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() }));
  const last = data.at(-1);
  return { data, next_cursor: rows.length > filters.limit && last ? encodeCursor(last) : null };
}
