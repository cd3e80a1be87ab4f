import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { Agent } from "undici";
import { createApp } from "./app.ts";
import { AuditQueue } from "./audit/audit-queue.ts";
import { callLogger } from "./audit/call-log.ts";
import { Authenticator } from "./auth/authenticator.ts";
import type { Config } from "./config.ts";
import { deriveSealingKey } from "./crypto/credentials.ts";
import { insertAuditRequests } from "./db/audit-requests.ts";
import { startAuditRetention } from "./db/audit-retention.ts";
import { ChangeFeed } from "./db/change-feed.ts";
import { openDatabase, type Database } from "./db/database.ts";
import { Lifecycle } from "./lifecycle.ts";
import { SwitcherMetrics } from "./metrics/switcher-metrics.ts";
import { BodyBudget } from "./proxy/body-budget.ts";
import { ModelListCache } from "./proxy/model-list.ts";
import { RouteCache } from "./proxy/route-cache.ts";
import { createProxyHandler } from "./proxy/router.ts";
import { checkReadiness } from "./readiness.ts";
import { RoutingChanges } from "./routing-changes.ts";
import type { ServiceContext } from "./services/context.ts";
import { checkCredentials, type CredentialsStatus } from "./services/credentials-check.ts";
import { SwitchScheduler, systemClock, type Clock } from "./services/scheduler.ts";

export interface RunningService {
  url: string;
  server: Server;
  database: Database;
  services: ServiceContext;
  audit: AuditQueue;
  /** Resolves agent-side keys; the proxy checks keys with it and calls recordUse() per call. */
  auth: Authenticator;
  scheduler: SwitchScheduler;
  /** Draining state and the grace-period signal in-flight calls obey. */
  lifecycle: Lifecycle;
  /** Every cache of routing data subscribes here. */
  routingChanges: RoutingChanges;
  /** The change feed between replicas (Postgres only). */
  changeFeed: ChangeFeed | undefined;
  /**
   * Drains and stops: /readyz turns 503, new calls are taken for SHUTDOWN_DELAY_MS, in-flight calls get
   * SHUTDOWN_GRACE_MS to finish, then `lifecycle.endGrace()` ends the rest; every audit row is written,
   * then the database is closed.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  validateResponses?: boolean;
  /** How long close() lets in-flight requests run (default SHUTDOWN_GRACE_MS). */
  drainTimeoutMs?: number;
  /** Where scheduled switches read the time (tests move it). */
  clock?: Clock;
  /** How often to look for due scheduled switches; 0 turns polling off (tests call scheduler.runDue()). */
  schedulerPollMs?: number;
  /** How often agent keys' last_used_at is written; 0 turns the timer off (tests call auth.flushUses()). */
  keyUseFlushMs?: number;
}

const SCHEDULER_POLL_MS = 1_000;
// After the grace period, calls told to end get this long to write their error and audit row.
const END_CALLS_MS = 5_000;
// How long the audit queue may keep retrying at exit before counting what is left as lost.
const AUDIT_DRAIN_MS = 10_000;

/** The longest close() can take with this configuration; the process's own deadline must exceed it. */
export function shutdownBudgetMs(config: Pick<Config, "shutdownDelayMs" | "shutdownGraceMs">): number {
  return config.shutdownDelayMs + config.shutdownGraceMs + END_CALLS_MS + AUDIT_DRAIN_MS + 5_000;
}

const describeKmsKey = (config: Config) => (config.kmsKey ? "ROUTER_KMS_KEY" : "ROUTER_KMS_KEY (unset: derived from ROUTER_ADMIN_KEY)");

/** Opens the database, applies migrations and listens on config.host:config.port. */
export async function startService(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningService> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
  });
  const sealingKey = deriveSealingKey(config.kmsKey, config.adminKey);
  const routingChanges = new RoutingChanges(logger);
  const routes = new RouteCache({ prisma: database.prisma, sealingKey });
  const models = new ModelListCache(database.prisma);
  const auth = new Authenticator({ prisma: database.prisma, legacyAgentKey: config.agentKey, logger, useFlushIntervalMs: options.keyUseFlushMs });
  routingChanges.subscribe(() => routes.invalidate());
  routingChanges.subscribe(() => models.invalidate());
  // Keys are routing data too: a key made or revoked on another replica reaches this one through the feed.
  routingChanges.subscribe(() => auth.invalidate());
  // The audit queue is made below; its depth is read only when /metrics is scraped.
  const metrics = new SwitcherMetrics(() => audit.status().pending);
  const services: ServiceContext = {
    prisma: database.prisma,
    sealingKey,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    onRoutingChange: () => routingChanges.emit(),
    onKeysChange: () => routingChanges.emit(),
    onSwitch: (via) => metrics.recordSwitch(via),
    routingChanges,
  };

  // A wrong sealing key is named at start-up, not discovered call by call; re-checked after changes.
  const keyName = describeKmsKey(config);
  let credentials: CredentialsStatus = await checkCredentials(services, keyName);
  if (credentials.message) logger.error({ unreadable: credentials.unreadable, checked: credentials.checked }, credentials.message);
  let recheck: NodeJS.Timeout | undefined;
  routingChanges.subscribe(() => {
    recheck ??= setTimeout(() => {
      recheck = undefined;
      checkCredentials(services, keyName).then((status) => {
        if (status.message && status.message !== credentials.message) logger.error({ unreadable: status.unreadable, checked: status.checked }, status.message);
        credentials = status;
      }, () => undefined);
    }, 200);
  });

  const changeFeed =
    database.kind === "postgres"
      ? new ChangeFeed({
          query: (sql) => database.query(sql),
          listenUrl: config.changeFeedListen ? config.databaseUrl : undefined,
          pollMs: config.changePollMs,
          onChange: () => routingChanges.emit(),
          logger,
        })
      : undefined;

  const lifecycle = new Lifecycle();
  const logCall = callLogger(logger);
  const audit = new AuditQueue((rows) => insertAuditRequests(database, rows), logger, {
    maxRows: config.auditQueueMaxRows,
    onRecord: (call) => {
      metrics.recordCall(call);
      logCall(call);
    },
  });
  const retention = config.auditRetentionDays > 0 ? startAuditRetention({ database, days: config.auditRetentionDays, logger }) : undefined;
  // No cap on connections per provider host: each agent call holds at most one, and a cap shared by every
  // profile on one host (all api.openai.com profiles) would make one agent's long streams queue another's calls.
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const proxy = createProxyHandler({
    routes,
    models,
    audit,
    dispatcher,
    logger,
    auth,
    lifecycle,
    requireAgentKey: config.requireAgentKeyForProxy,
    bodyLimits: { limit: config.maxRequestBodyBytes, budget: new BodyBudget(config.maxInflightBodyBytes), timeoutMs: config.bodyReadTimeoutMs },
    maxUpstreamAnswerBytes: config.maxUpstreamAnswerBytes,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
  });
  const readiness = () => checkReadiness({ database, lifecycle, audit, changeFeed, credentials: () => credentials });
  const clock = options.clock ?? systemClock;
  const app = createApp({ config, auth, logger, metrics, services, database, clock, readiness, validateResponses: options.validateResponses });
  const pollMs = options.schedulerPollMs ?? SCHEDULER_POLL_MS;
  const scheduler = new SwitchScheduler({ ctx: services, clock, logger, pollMs });
  const server = createServer((req, res) => {
    if (!proxy(req, res)) app(req, res);
  });
  server.keepAliveTimeout = 65_000;

  const release = async () => {
    clearTimeout(recheck);
    await retention?.stop();
    await changeFeed?.close();
    await dispatcher.close();
    await database.close();
  };
  // Started last: building the app takes the event loop for a while, and the feed's first check must be fresh.
  await changeFeed?.start();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  }).catch(async (err: Error) => {
    await release();
    throw err;
  });
  if (pollMs > 0) scheduler.start();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      lifecycle.startDraining();
      if (config.shutdownDelayMs > 0) {
        logger.info({ ms: config.shutdownDelayMs }, "draining: /readyz answers 503; still taking calls while load balancers notice");
        await wait(config.shutdownDelayMs);
      }
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections become idle as their last request finishes; close each as soon as it does.
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      const graceMs = options.drainTimeoutMs ?? config.shutdownGraceMs;
      if (lifecycle.callsInFlight > 0) logger.info({ calls: lifecycle.callsInFlight, graceMs }, "draining: letting in-flight calls finish");
      const finished = await Promise.race([drained.then(() => true), wait(graceMs).then(() => false)]);
      if (!finished) {
        logger.warn({ calls: lifecycle.callsInFlight }, "grace period over: ending the calls still running");
        lifecycle.endGrace();
        await Promise.race([drained, wait(END_CALLS_MS)]);
        server.closeAllConnections();
        await drained;
      }
      clearInterval(idle);
      await scheduler.stop();
      // A call cut off above records its audit row as it unwinds, after its connection is gone.
      const unfinished = await lifecycle.callsSettled(END_CALLS_MS);
      if (unfinished > 0) logger.error({ calls: unfinished }, "calls did not finish after being ended; their audit rows may be missing");
      await audit.drain(AUDIT_DRAIN_MS);
      await auth.close();
      await release();
    })());

  return { url: `http://${host}:${port}`, server, database, services, audit, auth, scheduler, lifecycle, routingChanges, changeFeed, close };
}
