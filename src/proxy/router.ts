import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { AGENT_KEY_HELP, bearerToken, keyMatcher } from "../auth/keys.ts";
import type { ProxyOperationId } from "../operations/types.ts";
import type { Lifecycle } from "../lifecycle.ts";
import { handleChatCompletion, type ChatDeps } from "./chat-completions.ts";
import type { ModelListCache } from "./model-list.ts";
import { sendJson, sendOpenAIError } from "./respond.ts";

export interface ProxyDeps extends ChatDeps {
  models: ModelListCache;
  agentKey: string;
  requireAgentKey: boolean;
  logger: Logger;
  lifecycle: Lifecycle;
}

type ProxyHandler = (deps: ProxyDeps, req: IncomingMessage, res: ServerResponse, agentId: string | undefined) => Promise<void>;

/** The contract's /v1 operations, served here rather than through the control plane's middleware. */
const proxyOperations: Record<ProxyOperationId, { method: string; handle: ProxyHandler }> = {
  createChatCompletion: { method: "POST", handle: handleChatCompletion },
  createAgentChatCompletion: { method: "POST", handle: handleChatCompletion },
  listProxyModels: { method: "GET", handle: async (deps, _req, res) => sendJson(res, 200, await deps.models.json()) },
  listAgentProxyModels: { method: "GET", handle: async (deps, _req, res) => sendJson(res, 200, await deps.models.json()) },
};

const AGENT_PATH = /^\/agents\/([^/]+)(\/v1\/(?:chat\/completions|models))$/;

function matchOperation(pathname: string): { operationId: ProxyOperationId; agentInPath?: string } | undefined {
  if (pathname === "/v1/chat/completions") return { operationId: "createChatCompletion" };
  if (pathname === "/v1/models") return { operationId: "listProxyModels" };
  const agent = AGENT_PATH.exec(pathname);
  if (!agent) return undefined;
  return {
    operationId: agent[2] === "/v1/models" ? "listAgentProxyModels" : "createAgentChatCompletion",
    agentInPath: agent[1]!,
  };
}

function headerAgentId(req: IncomingMessage): string | undefined {
  const value = req.headers["x-agent-id"];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * The hot path. Returns false for requests that are not proxy routes (the control plane takes them).
 * Kept apart from Express so a proxied call pays for no middleware it does not need.
 */
export function createProxyHandler(deps: ProxyDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const agentKeyMatches = keyMatcher(deps.agentKey);
  return (req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const match = matchOperation(query === -1 ? url : url.slice(0, query));
    if (!match) return false;

    const operation = proxyOperations[match.operationId];
    if (req.method !== operation.method) {
      res.setHeader("allow", operation.method);
      sendOpenAIError(res, 405, "invalid_request_error", `${req.method} is not allowed here; use ${operation.method}.`);
      return true;
    }
    if (deps.requireAgentKey && !agentKeyMatches(bearerToken(req.headers.authorization))) {
      sendOpenAIError(res, 401, "authentication_error", AGENT_KEY_HELP, { code: "invalid_api_key" });
      return true;
    }
    let agentId: string | undefined;
    try {
      agentId = match.agentInPath !== undefined ? decodeURIComponent(match.agentInPath) : headerAgentId(req);
    } catch {
      sendOpenAIError(res, 400, "invalid_request_error", "The agent id in the path is not valid percent-encoding.");
      return true;
    }
    if (agentId !== undefined && (agentId.trim() === "" || agentId.length > 200 || agentId.includes("\u0000"))) {
      sendOpenAIError(res, 400, "invalid_request_error", "The agent id must be non-blank text of at most 200 characters, without NUL.");
      return true;
    }
    deps.lifecycle.trackCall(operation.handle(deps, req, res, agentId)).catch((err: unknown) => {
      deps.logger.error({ err, path: req.url }, "proxy request failed");
      sendOpenAIError(res, 500, "internal_error", "Internal error. The details are in the service log.");
      if (!res.writableEnded) res.end();
    });
    return true;
  };
}
