import type { components } from "../../generated/switcher.ts";
import type { AgentSelection } from "../auth/readable-agents.ts";
import type { Database } from "../db/database.ts";
import { sumRollups } from "../db/usage-rollups.ts";
import { badRequest } from "../errors.ts";
import { loadPriceBook } from "./usage/cost.ts";
import { ceilTo, floorTo, parseDuration } from "./usage/time-range.ts";
import { tallyBy, UsageTally } from "./usage/usage-tally.ts";

export type AgentOverviewList = components["schemas"]["AgentOverviewList"];
type AgentOverview = AgentOverviewList["data"][number];

const MAX_WINDOW_MS = 90 * 86_400_000;

interface AgentRow {
  agent_id: string;
  profile_id: string;
  profile_name: string;
  provider_type: AgentOverview["provider_type"];
  model_id: string;
  model_name: string;
  since: Date | string;
  actor: string | null;
  via: AgentOverview["via"];
  last_call_at: Date | string | null;
}

// The latest switch and the latest call are one index lookup each per agent
// (audit_switches and audit_requests are indexed by agent and time).
const AGENTS_SQL = `SELECT s."agent_id", s."profile_id"::text AS "profile_id", p."profile_name", p."provider_type"::text AS "provider_type",
    s."model_id"::text AS "model_id", m."model_name", s."since", w."actor", w."via", r."created_at" AS "last_call_at"
  FROM "agent_state" s
  JOIN "profiles" p ON p."id" = s."profile_id"
  JOIN "models" m ON m."id" = s."model_id"
  LEFT JOIN LATERAL (SELECT "actor", "via" FROM "audit_switches" x WHERE x."agent_id" = s."agent_id" ORDER BY "switched_at" DESC, "id" DESC LIMIT 1) w ON true
  LEFT JOIN LATERAL (SELECT "created_at" FROM "audit_requests" y WHERE y."agent_id" = s."agent_id" ORDER BY "created_at" DESC LIMIT 1) r ON true`;

async function agentRows(database: Database, agents: AgentSelection): Promise<AgentRow[]> {
  if (agents === "all") return database.query<AgentRow>(`${AGENTS_SQL} ORDER BY s."agent_id"`);
  return database.query<AgentRow>(`${AGENTS_SQL} WHERE s."agent_id" = ANY($1::text[]) ORDER BY s."agent_id"`, [agents]);
}

const iso = (at: Date | string) => new Date(at).toISOString();

/** Every agent with an active model: what it uses, who switched it last, its last call and its usage over `window`. */
export async function agentsOverview(database: Database, agents: AgentSelection, window: string, now = new Date()): Promise<AgentOverviewList> {
  const windowMs = parseDuration(window);
  if (windowMs === undefined || windowMs > MAX_WINDOW_MS) throw badRequest(`window must be a number of hours or days up to 90d, such as 1h, 24h or 7d; got '${window}'.`, "window");
  const since = floorTo("hour", new Date(now.getTime() - windowMs));
  const [rows, sums, prices] = await Promise.all([
    agentRows(database, agents),
    sumRollups(database, { bucket: null, since, until: ceilTo("hour", now), agents, perAgent: true }),
    loadPriceBook(database.prisma),
  ]);
  const tallies = tallyBy(sums, (sum) => sum.agentId, prices);
  return {
    window,
    since: since.toISOString(),
    data: rows.map((row) => ({
      agent_id: row.agent_id,
      profile_id: row.profile_id,
      profile_name: row.profile_name,
      provider_type: row.provider_type,
      model_id: row.model_id,
      model_name: row.model_name,
      switched_at: iso(row.since),
      switched_by: row.actor,
      via: row.via,
      last_call_at: row.last_call_at === null ? null : iso(row.last_call_at),
      usage: (tallies.get(row.agent_id) ?? new UsageTally(prices)).figures(),
    })),
  };
}
