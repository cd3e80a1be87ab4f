import { identityOf } from "../auth/request-identity.ts";
import { readableAgents } from "../auth/readable-agents.ts";
import { agentsOverview } from "../services/agents-overview.ts";
import { listRequestRows, type RequestFilters } from "../services/request-log.ts";
import { usageReport, type Bucket, type GroupBy } from "../services/usage/usage-report.ts";
import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

const optionalText = (value: unknown) => (typeof value === "string" ? value : undefined);

type ObservabilityOperations = "listAgents" | "listRequests" | "getUsage";

/** Agents at a glance, audit rows and usage: the admin key sees every agent, an agent key its own (README, "Usage, cost, metrics and logs"). */
export function observabilityHandlers({ database }: OperationDeps): Record<ObservabilityOperations, OperationHandler> {
  return {
    listAgents: async (req, res) => {
      const agents = readableAgents(identityOf(req), undefined);
      const body: ResponseBody<"listAgents", 200> = await agentsOverview(database, agents, optionalText(req.query.window) ?? "24h");
      res.status(200).json(body);
    },
    listRequests: async (req, res) => {
      const q = req.query;
      const body: ResponseBody<"listRequests", 200> = await listRequestRows(database, {
        agents: readableAgents(identityOf(req), optionalText(q.agent_id)),
        profile: optionalText(q.profile),
        model: optionalText(q.model),
        status: optionalText(q.status),
        dialect: optionalText(q.dialect) as RequestFilters["dialect"],
        since: optionalText(q.since),
        until: optionalText(q.until),
        cursor: optionalText(q.cursor),
        limit: Number(q.limit ?? 50),
      });
      res.status(200).json(body);
    },
    getUsage: async (req, res) => {
      const q = req.query;
      const body: ResponseBody<"getUsage", 200> = await usageReport(database, {
        groupBy: (optionalText(q.group_by) ?? "agent") as GroupBy,
        bucket: (optionalText(q.bucket) ?? "hour") as Bucket,
        agents: readableAgents(identityOf(req), optionalText(q.agent_id)),
        since: optionalText(q.since),
        until: optionalText(q.until),
      });
      res.status(200).json(body);
    },
  };
}
