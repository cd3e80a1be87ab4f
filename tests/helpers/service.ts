import pino, { type Logger } from "pino";
import { createSwitcherClient, type SwitcherClient } from "../../src/client/index.ts";
import { parseConfig, type Config } from "../../src/config.ts";
import { startService, type RunningService, type StartOptions } from "../../src/service.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export const ADMIN_KEY = "test-admin-key-0123456789abcdef";
export const AGENT_KEY = "test-agent-key-0123456789abcdef";

export interface TestService extends RunningService {
  config: Config;
  db: TestDatabase;
  admin: SwitcherClient;
  agent: SwitcherClient;
  /** Stops the service and drops its database. */
  stop(): Promise<void>;
}

export const silentLogger = pino({ level: "silent" });

/** The real service on an ephemeral port, with its own database (or `db`, shared) and response validation on. */
export async function startTestService(
  env: Record<string, string> = {},
  db?: TestDatabase,
  options: StartOptions & { logger?: Logger } = {},
): Promise<TestService> {
  const database = db ?? (await createTestDatabase());
  const config = parseConfig({
    ROUTER_ADMIN_KEY: ADMIN_KEY,
    ROUTER_AGENT_KEY: AGENT_KEY,
    PORT: "0",
    DATA_DIR: database.dataDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...env,
  });
  // TEST_LOG=1 shows the service's logs while debugging a test.
  const { logger, ...start } = options;
  const service = await startService(config, logger ?? (process.env.TEST_LOG ? pino() : silentLogger), { validateResponses: true, ...start });
  return {
    ...service,
    config,
    db: database,
    admin: createSwitcherClient({ baseUrl: service.url, key: ADMIN_KEY }),
    agent: createSwitcherClient({ baseUrl: service.url, key: AGENT_KEY }),
    stop: async () => {
      await service.close();
      if (!db) await database.drop();
    },
  };
}
