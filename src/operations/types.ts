import type { Request, Response } from "express";
import type { operations } from "../../generated/switcher.ts";
import type { Database } from "../db/database.ts";
import type { ServiceContext } from "../services/context.ts";
import type { Clock } from "../services/scheduler.ts";

/** The contract's /v1 operations: the proxy serves them (src/proxy/router.ts), not Express. */
export type ProxyOperationId =
  | "listProxyModels"
  | "listAgentProxyModels"
  | "retrieveProxyModel"
  | "retrieveAgentProxyModel"
  | "createChatCompletion"
  | "createAgentChatCompletion"
  | "createMessage"
  | "createAgentMessage"
  | "createResponse"
  | "createAgentResponse"
  | "countMessageTokens"
  | "countAgentMessageTokens";

/** The contract's MCP endpoint: served by the MCP SDK's transport (src/mcp/), not by a handler. */
export type McpOperationId = "mcpRequest";

/** The contract's Prometheus endpoint: served by src/metrics/, ahead of the validator (it answers text). */
export type MetricsOperationId = "getMetrics";

/** Operations served by the control plane (src/operations/). */
export type OperationId = Exclude<keyof operations, ProxyOperationId | McpOperationId | MetricsOperationId>;

/** JSON body of an operation's response with the given status, as the contract defines it. */
export type ResponseBody<Op extends OperationId, Status extends keyof operations[Op]["responses"]> =
  operations[Op]["responses"][Status] extends { content: { "application/json": infer Body } } ? Body : never;

export type OperationHandler = (req: Request, res: Response) => Promise<void>;

export interface OperationDeps {
  services: ServiceContext;
  database: Database;
  /** The time schedules are checked against: the scheduler's clock. */
  clock: Clock;
  /** What /readyz answers: every check, and whether this replica should get calls. */
  readiness(): Promise<{ status: 200 | 503; body: ResponseBody<"getReadiness", 200> }>;
}
