import type { components } from "../../../generated/switcher.ts";
import type { AgentSelection } from "../../auth/readable-agents.ts";
import type { Database } from "../../db/database.ts";
import { sumRollups, type RollupSum } from "../../db/usage-rollups.ts";
import { badRequest } from "../../errors.ts";
import { loadPriceBook, modelKey } from "./cost.ts";
import { ceilTo, floorTo, timeRange } from "./time-range.ts";
import { tallyBy, UsageTally } from "./usage-tally.ts";

export type Usage = components["schemas"]["Usage"];
export type GroupBy = Usage["group_by"];
export type Bucket = Usage["bucket"];

export interface UsageQuery {
  groupBy: GroupBy;
  bucket: Bucket;
  agents: AgentSelection;
  since?: string;
  until?: string;
}

const DAY_MS = 86_400_000;
const MAX_BUCKETS = 1_000;
const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: DAY_MS };

const GROUP_OF: Record<GroupBy, (sum: RollupSum) => string> = {
  agent: (sum) => sum.agentId ?? "",
  profile: (sum) => sum.profileName,
  model: (sum) => modelKey(sum.profileName, sum.modelName),
};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Usage per bucket and group from the hourly rollups, with totals per group and overall. */
export async function usageReport(database: Database, query: UsageQuery, now = new Date()): Promise<Usage> {
  const range = timeRange(query, now, DAY_MS);
  const since = floorTo(query.bucket, range.since);
  const until = ceilTo(query.bucket, range.until);
  const buckets = (until.getTime() - since.getTime()) / BUCKET_MS[query.bucket];
  if (buckets > MAX_BUCKETS) {
    throw badRequest(`The range holds ${buckets} ${query.bucket} buckets; at most ${MAX_BUCKETS}. Narrow since/until or use bucket=day.`, "since");
  }
  const [sums, prices] = await Promise.all([
    sumRollups(database, { bucket: query.bucket, since, until, agents: query.agents, perAgent: query.groupBy === "agent" }),
    loadPriceBook(database.prisma),
  ]);
  const groupOf = GROUP_OF[query.groupBy];
  const perBucket = tallyBy(sums, (sum) => `${sum.bucketStart?.toISOString()}\u0000${groupOf(sum)}`, prices);
  const data = [...perBucket].map(([key, tally]) => {
    const [bucketStart = "", group = ""] = key.split("\u0000");
    return { bucket_start: bucketStart, group, ...tally.figures() };
  });
  data.sort((a, b) => byText(a.bucket_start, b.bucket_start) || byText(a.group, b.group));
  const groups = [...tallyBy(sums, groupOf, prices)]
    .map(([group, tally]) => ({ group, ...tally.figures() }))
    .sort((a, b) => byText(a.group, b.group));
  const total = sums.reduce((tally, sum) => tally.add(sum), new UsageTally(prices));
  return {
    group_by: query.groupBy,
    bucket: query.bucket,
    since: since.toISOString(),
    until: until.toISOString(),
    data,
    groups,
    total: total.figures(),
  };
}
