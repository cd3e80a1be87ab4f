// POST /mcp: authenticates the agent, then lets the MCP SDK's streamable HTTP transport answer.
import type { Request, Response } from "express";
import type { Logger } from "pino";
import type { Authenticator } from "../auth/authenticator.ts";
import { impliedAgent, type CallerIdentity } from "../auth/identity.ts";
import { badRequest } from "../errors.ts";
import { agentCaller } from "./caller.ts";
import type { ServiceContext } from "../services/context.ts";

// The SDK is loaded on the first MCP request: it costs about a second of CPU, which a service whose
// agents never use MCP should not pay at every start.
let modules: Promise<[typeof import("@modelcontextprotocol/sdk/server/streamableHttp.js"), typeof import("./tools.ts")]> | undefined;
const loadMcp = () => (modules ??= Promise.all([import("@modelcontextprotocol/sdk/server/streamableHttp.js"), import("./tools.ts")]));

export interface McpHandlerOptions {
  services: ServiceContext;
  authenticator: Pick<Authenticator, "agent">;
  logger: Logger;
}

/** Why a key that serves more than one agent must name one. */
function nameTheAgent(identity: CallerIdentity): string {
  const serves = identity.agents === "all" ? "all agents" : `agents ${identity.agents.map((a) => `'${a}'`).join(", ")}`;
  return `This key is valid for ${serves}: name the agent this MCP connection acts for with the 'x-agent-id' header (e.g. claude mcp add --transport http switcher <url>/mcp --header 'x-agent-id: <agent>').`;
}

/** Who the request acts for; throws 401/403/400 (rendered by the app's error handler) when it may not. */
async function callerOf(req: Request, authenticator: Pick<Authenticator, "agent">) {
  const named = req.headers["x-agent-id"];
  const header = typeof named === "string" && named.trim() !== "" ? named : undefined;
  const identity = await agentCaller(req.headers, authenticator, header);
  const agentId = header ?? impliedAgent(identity);
  if (agentId === undefined) throw badRequest(nameTheAgent(identity), "x-agent-id");
  return { identity, agentId };
}

/** Stateless: a fresh MCP server and transport per request, so any replica can answer any request. */
export function mcpPostHandler({ services, authenticator, logger }: McpHandlerOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    const caller = await callerOf(req, authenticator);
    const [{ StreamableHTTPServerTransport }, { createMcpServer }] = await loadMcp();
    const server = createMcpServer(services, caller, logger);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
}

/** GET and DELETE /mcp: a stateless server has no stream to open and no session to end. */
export function mcpMethodNotAllowed(_req: Request, res: Response): void {
  res.status(405).set("allow", "POST").json({
    jsonrpc: "2.0",
    error: { code: -32000, message: "Method not allowed: this MCP server is stateless; send JSON-RPC messages with POST." },
    id: null,
  });
}
