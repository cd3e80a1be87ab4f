import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";
import { deriveSealingKey } from "./crypto/credentials.ts";
import { openDatabase, type Database } from "./db/database.ts";
import type { ServiceContext } from "./services/context.ts";

export interface RunningService {
  url: string;
  server: Server;
  database: Database;
  services: ServiceContext;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  validateResponses?: boolean;
  /** How long close() waits for in-flight requests before cutting them. */
  drainTimeoutMs?: number;
}

/** Opens the database, applies migrations and listens on config.host:config.port. */
export async function startService(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningService> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const services: ServiceContext = {
    prisma: database.prisma,
    sealingKey: deriveSealingKey(config.kmsKey, config.adminKey),
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    onRoutingChange: () => undefined,
  };
  const app = createApp({ config, logger, services, database, validateResponses: options.validateResponses });
  const server = createServer(app);
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  }).catch(async (err: Error) => {
    await database.close();
    throw err;
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 5_000);
      await drained;
      clearTimeout(timer);
      await database.close();
    })());

  return { url: `http://${host}:${port}`, server, database, services, close };
}
