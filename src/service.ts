import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createApp } from "./app.ts";
import { Authenticator } from "./auth/authenticator.ts";
import type { Config } from "./config.ts";
import { deriveSealingKey } from "./crypto/credentials.ts";
import { insertAuditRequests } from "./db/audit-requests.ts";
import { openDatabase, type Database } from "./db/database.ts";
import { Agent } from "undici";
import { AuditBatcher } from "./proxy/audit-batcher.ts";
import { ModelListCache } from "./proxy/model-list.ts";
import { RouteCache } from "./proxy/route-cache.ts";
import { createProxyHandler } from "./proxy/router.ts";
import type { ServiceContext } from "./services/context.ts";
import { SwitchScheduler, systemClock, type Clock } from "./services/scheduler.ts";

export interface RunningService {
  url: string;
  server: Server;
  database: Database;
  services: ServiceContext;
  audit: AuditBatcher;
  /** Resolves agent-side keys; the proxy checks keys with it and calls recordUse() per call. */
  auth: Authenticator;
  scheduler: SwitchScheduler;
  /** Stops accepting connections, lets in-flight requests finish, writes pending audit rows, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  validateResponses?: boolean;
  /** How long close() waits for in-flight requests before cutting them. */
  drainTimeoutMs?: number;
  /** Where scheduled switches read the time (tests move it). */
  clock?: Clock;
  /** How often to look for due scheduled switches; 0 turns polling off (tests call scheduler.runDue()). */
  schedulerPollMs?: number;
}

const SCHEDULER_POLL_MS = 1_000;

/** Opens the database, applies migrations and listens on config.host:config.port. */
export async function startService(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningService> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const sealingKey = deriveSealingKey(config.kmsKey, config.adminKey);
  const routes = new RouteCache({ prisma: database.prisma, sealingKey });
  const models = new ModelListCache(database.prisma);
  const auth = new Authenticator({ prisma: database.prisma, legacyAgentKey: config.agentKey, logger });
  const services: ServiceContext = {
    prisma: database.prisma,
    sealingKey,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    onRoutingChange: () => {
      routes.invalidate();
      models.invalidate();
    },
    onKeysChange: () => auth.invalidate(),
  };
  const audit = new AuditBatcher((rows) => insertAuditRequests(database, rows), logger);
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
  const proxy = createProxyHandler({
    routes,
    models,
    audit,
    dispatcher,
    logger,
    auth,
    requireAgentKey: config.requireAgentKeyForProxy,
    maxRequestBodyBytes: config.maxRequestBodyBytes,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
  });
  const clock = options.clock ?? systemClock;
  const app = createApp({ config, auth, logger, services, database, clock, validateResponses: options.validateResponses });
  const pollMs = options.schedulerPollMs ?? SCHEDULER_POLL_MS;
  const scheduler = new SwitchScheduler({ ctx: services, clock, logger, pollMs });
  const server = createServer((req, res) => {
    if (!proxy(req, res)) app(req, res);
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  }).catch(async (err: Error) => {
    await database.close();
    throw err;
  });
  if (pollMs > 0) scheduler.start();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections become idle as their last request finishes; close each as soon as it does.
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 5_000);
      await drained;
      clearInterval(idle);
      clearTimeout(timer);
      await scheduler.stop();
      await audit.flush();
      await auth.close();
      await dispatcher.close();
      await database.close();
    })());

  return { url: `http://${host}:${port}`, server, database, services, audit, auth, scheduler, close };
}
