import { isUtf8 } from "node:buffer";
import express, { type Request } from "express";
import * as OpenApiValidator from "express-openapi-validator";
import type { Logger } from "pino";
import type { Authenticator } from "./auth/authenticator.ts";
import { ADMIN_IDENTITY } from "./auth/identity.ts";
import { ADMIN_KEY_HELP, AGENT_KEY_HELP, bearerToken, keyMatcher } from "./auth/keys.ts";
import { setIdentity } from "./auth/request-identity.ts";
import type { Config } from "./config.ts";
import { consoleFiles } from "./console-files.ts";
import { docsRoute } from "./docs-route.ts";
import { errorHandler, notUtf8, unauthorized } from "./errors.ts";
import { mcpMethodNotAllowed, mcpPostHandler } from "./mcp/handler.ts";
import { metricsHandler } from "./metrics/metrics-handler.ts";
import type { SwitcherMetrics } from "./metrics/switcher-metrics.ts";
import { operationHandlers } from "./operations/index.ts";
import type { OperationDeps, OperationId } from "./operations/types.ts";
import { loadSpec } from "./spec.ts";

export interface AppOptions extends OperationDeps {
  config: Pick<Config, "adminKey" | "metricsPublic">;
  metrics: SwitcherMetrics;
  auth: Authenticator;
  logger: Logger;
  /** Check every response against the contract too (on in tests). */
  validateResponses?: boolean;
}

/** What express-openapi-validator attaches to a request it matched to an operation. */
type ValidatedRequest = Request & { openapi?: { schema: { operationId?: string }; pathParams?: Record<string, string> } };

const CONTROL_PLANE_BODY_LIMIT = "1mb";
const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/** /admin/*: the admin key only. */
function adminKeyCheck(adminKey: string) {
  const isAdmin = keyMatcher(adminKey);
  return (req: Request) => {
    if (!isAdmin(bearerToken(req.headers.authorization))) throw unauthorized(ADMIN_KEY_HELP);
    setIdentity(req, ADMIN_IDENTITY);
    return true;
  };
}

/**
 * /api/*: a per-agent key, the legacy ROUTER_AGENT_KEY, or the admin key (which acts for every agent).
 * What the identity may do is checked by each operation.
 */
function agentKeyCheck(adminKey: string, auth: Authenticator) {
  const isAdmin = keyMatcher(adminKey);
  return async (req: Request) => {
    const token = bearerToken(req.headers.authorization);
    const identity = isAdmin(token) ? ADMIN_IDENTITY : await auth.agent(token);
    if (!identity) throw unauthorized(AGENT_KEY_HELP);
    auth.recordUse(identity.keyId);
    setIdentity(req, identity);
    return true;
  };
}

function requireUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw notUtf8();
}

/** The control plane: contract validation, docs, operation handlers and the one error handler. */
export function createApp(options: AppOptions): express.Express {
  const { config, logger } = options;
  const spec = loadSpec();
  const handlers = operationHandlers(options);
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");

  // Control-plane requests only: proxied calls never reach this app (src/service.ts hands them to the
  // proxy), and each logs its own line from the audit queue. Probes and scrapes come every few seconds: debug.
  app.use((req, res, next) => {
    const started = performance.now();
    // Read now: inside a mounted router (the console's files) req.path is relative to the mount point.
    const path = req.path;
    res.on("finish", () => {
      const fields = { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) };
      if (QUIET_PATHS.has(path)) logger.debug(fields, "request");
      else logger.info(fields, "request");
    });
    next();
  });

  // Prometheus text, described in the contract but answered outside its (JSON) validator.
  app.get("/metrics", metricsHandler(options.metrics, { adminKey: config.adminKey, public: config.metricsPublic }));
  app.get("/openapi.yaml", (_req, res) => {
    res.type("application/yaml").send(spec.text);
  });
  // The operator's console: static files (its API calls come back through the validated routes below).
  app.use("/console", consoleFiles());
  // A browser opening the service's address lands on the console; clients that check the base URL
  // answers at all (Claude Code sends HEAD /) get a redirect, not an error.
  app.get("/", (_req, res) => res.redirect(302, "/console/"));
  app.use("/docs", docsRoute(spec.document));

  app.use(express.json({ limit: CONTROL_PLANE_BODY_LIMIT, strict: true, verify: requireUtf8 }));
  // MCP speaks JSON-RPC, checked by the SDK; it is described in the contract but not validated against it.
  app.post("/mcp", mcpPostHandler({ services: options.services, authenticator: options.auth, logger }));
  app.all("/mcp", mcpMethodNotAllowed);
  app.use(
    OpenApiValidator.middleware({
      apiSpec: structuredClone(spec.document) as never,
      validateApiSpec: true,
      validateRequests: { allowUnknownQueryParameters: false, removeAdditional: false },
      validateResponses: options.validateResponses ?? false,
      validateSecurity: {
        handlers: {
          adminKey: adminKeyCheck(config.adminKey),
          agentKey: agentKeyCheck(config.adminKey, options.auth),
        },
      },
      ignorePaths: /^\/(docs|openapi\.yaml)/,
    }),
  );

  app.use(async (req, res, next) => {
    const { openapi } = req as ValidatedRequest;
    const handler = openapi?.schema.operationId ? handlers[openapi.schema.operationId as OperationId] : undefined;
    if (!handler) return next();
    req.params = { ...openapi?.pathParams };
    await handler(req, res);
  });

  app.use(errorHandler(logger));
  return app;
}
