// Process entry: configuration, service start, graceful shutdown on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { shutdownBudgetMs, startService } from "./service.ts";

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`Model Switcher cannot start: ${err.message}\n`);
  process.exit(78);
}

const logger = createLogger(config.logLevel);
try {
  const service = await startService(config, logger);
  logger.info({ url: service.url, database: service.database.kind, docs: `${service.url}/docs`, console: `${service.url}/console/` }, "Model Switcher is listening");

  const stop = (signal: string) => {
    logger.info({ signal, graceMs: config.shutdownGraceMs }, "shutting down: /readyz now answers 503; finishing in-flight calls");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, shutdownBudgetMs(config));
    force.unref();
    service.close().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "error while shutting down");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
} catch (err) {
  logger.fatal({ err: (err as Error).message }, "Model Switcher failed to start");
  process.exit(1);
}
