import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { requireScope, authorizeAgent } from "../auth/access.ts";
import type { Authenticator } from "../auth/authenticator.ts";
import { impliedAgent, LEGACY_AGENT_IDENTITY, type CallerIdentity } from "../auth/identity.ts";
import { agentKeyHelp, presentedKey } from "../auth/keys.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { dialects } from "../inbound/index.ts";
import type { DialectId, InboundDialect } from "../inbound/types.ts";
import type { ProxyOperationId } from "../operations/types.ts";
import type { Lifecycle } from "../lifecycle.ts";
import { handleCountTokens } from "./count-tokens.ts";
import { handleModelCall, type ModelCallDeps } from "./model-call.ts";
import type { ModelListCache } from "./model-list.ts";
import { sendJson } from "./send-json.ts";

export interface ProxyDeps extends ModelCallDeps {
  models: ModelListCache;
  /** Resolves agent keys (per-agent keys and ROUTER_AGENT_KEY) from memory: no database read per call. */
  auth: Pick<Authenticator, "agent" | "recordUse">;
  requireAgentKey: boolean;
  logger: Logger;
  lifecycle: Lifecycle;
}

type ProxyHandler = (deps: ProxyDeps, req: IncomingMessage, res: ServerResponse, caller: Caller) => Promise<void>;

/** Who calls: the key's identity, and the agent it named (header or path), if any. */
interface Caller {
  identity: CallerIdentity;
  named: string | undefined;
  /** The model a /v1/models/{model_id} path names. */
  modelId?: string;
}

interface ProxyOperation {
  method: "GET" | "POST";
  /** The dialect the route's answers and errors are in. */
  dialect: InboundDialect;
  handle: ProxyHandler;
}

const listModels: ProxyHandler = async (deps, _req, res, { identity }) => {
  requireScope(identity, "call");
  sendJson(res, 200, await deps.models.json());
};

const retrieveModel: ProxyHandler = async (deps, _req, res, { identity, modelId }) => {
  requireScope(identity, "call");
  const model = await deps.models.model(modelId!);
  if (!model) throw notFound(`No enabled model has the id '${modelId}'. GET /v1/models lists them (ids are PROFILE_NAME::model_name).`);
  sendJson(res, 200, model);
};

/**
 * Calls made for one agent: the one named, else the one the key is bound to. A key bound to other
 * agents, or without the `call` scope, is refused (403) before the body is read.
 */
function forAgent(
  handle: (deps: ProxyDeps, req: IncomingMessage, res: ServerResponse, agentId: string, identity: CallerIdentity) => Promise<void>,
  path: string,
): ProxyHandler {
  return async (deps, req, res, { identity, named }) => {
    const agentId = named ?? impliedAgent(identity);
    if (agentId === undefined) {
      throw badRequest(`Name the calling agent: send the header 'x-agent-id: <agent_id>', or call /agents/<agent_id>${path}.`, "x-agent-id");
    }
    return handle(deps, req, res, authorizeAgent(identity, agentId, "call", "x-agent-id"), identity);
  };
}

/** A model call in `dialect`, at `path`. */
const modelCall = (dialect: DialectId, path: string): ProxyOperation => ({
  method: "POST",
  dialect: dialects[dialect],
  handle: forAgent((deps, req, res, agentId, identity) => handleModelCall(deps, dialects[dialect], req, res, agentId, identity), path),
});
const countTokens: ProxyOperation = { method: "POST", dialect: dialects.messages, handle: forAgent(handleCountTokens, "/v1/messages/count_tokens") };
const modelList: ProxyOperation = { method: "GET", dialect: dialects.chat, handle: listModels };
const modelRetrieve: ProxyOperation = { method: "GET", dialect: dialects.chat, handle: retrieveModel };

/** The contract's /v1 operations, served here rather than through the control plane's middleware. */
const proxyOperations: Record<ProxyOperationId, ProxyOperation> = {
  createChatCompletion: modelCall("chat", "/v1/chat/completions"),
  createAgentChatCompletion: modelCall("chat", "/v1/chat/completions"),
  createMessage: modelCall("messages", "/v1/messages"),
  createAgentMessage: modelCall("messages", "/v1/messages"),
  createResponse: modelCall("responses", "/v1/responses"),
  createAgentResponse: modelCall("responses", "/v1/responses"),
  countMessageTokens: countTokens,
  countAgentMessageTokens: countTokens,
  listProxyModels: modelList,
  listAgentProxyModels: modelList,
  retrieveProxyModel: modelRetrieve,
  retrieveAgentProxyModel: modelRetrieve,
};

/** Each /v1 path and its operation, as called directly or under /agents/{agent_id}. */
const PATHS: Record<string, [direct: ProxyOperationId, underAgent: ProxyOperationId]> = {
  "/v1/chat/completions": ["createChatCompletion", "createAgentChatCompletion"],
  "/v1/messages": ["createMessage", "createAgentMessage"],
  "/v1/messages/count_tokens": ["countMessageTokens", "countAgentMessageTokens"],
  "/v1/responses": ["createResponse", "createAgentResponse"],
  "/v1/models": ["listProxyModels", "listAgentProxyModels"],
};

const AGENT_PATH = /^\/agents\/([^/]+)(\/v1\/.*)$/;
const MODEL_PATH = /^\/v1\/models\/([^/]+)$/;

type Match = { operationId: ProxyOperationId; agentInPath?: string; modelInPath?: string } | { unknown: string } | undefined;

/** The operation of a /v1 path (without the /agents/{agent_id} in front). */
function v1Operation(path: string): { ids: [ProxyOperationId, ProxyOperationId]; modelInPath?: string } | undefined {
  const fixed = PATHS[path];
  if (fixed) return { ids: fixed };
  const model = MODEL_PATH.exec(path);
  return model ? { ids: ["retrieveProxyModel", "retrieveAgentProxyModel"], modelInPath: model[1]! } : undefined;
}

function matchOperation(pathname: string): Match {
  const direct = v1Operation(pathname);
  if (direct) return { operationId: direct.ids[0], modelInPath: direct.modelInPath };
  const agent = AGENT_PATH.exec(pathname);
  if (agent) {
    const underAgent = v1Operation(agent[2]!);
    return underAgent ? { operationId: underAgent.ids[1], agentInPath: agent[1]!, modelInPath: underAgent.modelInPath } : { unknown: agent[2]! };
  }
  // Any other /v1 path (a typo, a trailing slash) is still answered in JSON, never by the control plane's HTML.
  return pathname.startsWith("/v1/") || pathname === "/v1" ? { unknown: pathname } : undefined;
}

function decodeSegment(segment: string, what: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`The ${what} in the path is not valid percent-encoding.`);
  }
}

function headerAgentId(req: IncomingMessage): string | undefined {
  const value = req.headers["x-agent-id"];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function agentIdOf(req: IncomingMessage, inPath: string | undefined): string | undefined {
  const agentId = inPath !== undefined ? decodeSegment(inPath, "agent id") : headerAgentId(req);
  if (agentId !== undefined && (agentId.trim() === "" || agentId.length > 200 || agentId.includes("\u0000"))) {
    throw badRequest("The agent id must be non-blank text of at most 200 characters, without NUL.");
  }
  return agentId;
}

function send(res: ServerResponse, dialect: InboundDialect, error: AppError, headers: Record<string, string> = {}) {
  sendJson(res, error.status, dialect.errorBody(error), headers);
}

/**
 * The hot path. Returns false for requests that are not proxy routes (the control plane takes them).
 * Kept apart from Express so a proxied call pays for no middleware it does not need. Every answer,
 * errors included, is in the dialect of the route that was called.
 */
export function createProxyHandler(deps: ProxyDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const pathname = query === -1 ? url : url.slice(0, query);
    const match = matchOperation(pathname);
    if (!match) return false;
    if ("unknown" in match) {
      req.resume();
      const dialect = match.unknown.startsWith("/v1/messages") ? dialects.messages : dialects.chat;
      send(res, dialect, notFound(`No route ${pathname}. The proxy serves ${Object.keys(PATHS).join(", ")}; see /docs.`));
      return true;
    }

    const operation = proxyOperations[match.operationId];
    const { dialect } = operation;
    if (req.method !== operation.method) {
      req.resume();
      send(res, dialect, new AppError(405, "invalid_request_error", `${req.method} is not allowed here; use ${operation.method}.`), { allow: operation.method });
      return true;
    }
    let named: string | undefined;
    let modelId: string | undefined;
    try {
      named = agentIdOf(req, match.agentInPath);
      modelId = match.modelInPath === undefined ? undefined : decodeSegment(match.modelInPath, "model id");
    } catch (err) {
      req.resume();
      send(res, dialect, err as AppError);
      return true;
    }
    const serve = async () => {
      const identity = deps.requireAgentKey ? await deps.auth.agent(presentedKey(req.headers)) : LEGACY_AGENT_IDENTITY;
      if (!identity) throw new AppError(401, "authentication_error", agentKeyHelp(dialect.id), undefined, "invalid_api_key");
      deps.auth.recordUse(identity.keyId);
      await operation.handle(deps, req, res, { identity, named, modelId });
    };
    deps.lifecycle.trackCall(serve()).catch((err: unknown) => {
      if (err instanceof AppError) {
        req.resume();
        return send(res, dialect, err);
      }
      deps.logger.error({ err, path: pathname }, "proxy request failed");
      send(res, dialect, new AppError(500, "internal_error", "Internal error. The details are in the service log."));
      if (!res.writableEnded) res.end();
    });
    return true;
  };
}
