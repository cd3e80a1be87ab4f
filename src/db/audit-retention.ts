import type { Logger } from "pino";
import type { Database } from "./database.ts";

export interface AuditRetentionOptions {
  database: Database;
  /** Rows older than this many days are deleted. */
  days: number;
  logger: Logger;
  /** How often to look for old rows (default hourly). */
  intervalMs?: number;
}

export interface AuditRetention {
  /** Deletes every row past retention, in small batches; returns how many. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

// Small batches with a pause between them: each batch's locks and (on the embedded database) its time
// on the event loop stay short, so proxied calls and their audit writes never wait behind a purge.
const BATCH_ROWS = 2_000;
const PAUSE_MS = 50;

// SKIP LOCKED: replicas purging at the same moment take different rows instead of waiting for each other.
const DELETE_BATCH = `WITH doomed AS (
  SELECT "id" FROM "audit_requests" WHERE "created_at" < $1 ORDER BY "created_at" LIMIT ${BATCH_ROWS} FOR UPDATE SKIP LOCKED
) DELETE FROM "audit_requests" a USING doomed WHERE a."id" = doomed."id" RETURNING a."id"`;

/** Deletes request audit rows older than AUDIT_RETENTION_DAYS, at start-up and then every hour. */
export function startAuditRetention(options: AuditRetentionOptions): AuditRetention {
  const { database, days, logger } = options;
  let stopped = false;
  let running: Promise<number> | undefined;

  const purge = async (): Promise<number> => {
    const cutoff = new Date(Date.now() - days * 86_400_000);
    let total = 0;
    while (!stopped) {
      const deleted = (await database.query<{ id: string }>(DELETE_BATCH, [cutoff])).length;
      total += deleted;
      if (deleted < BATCH_ROWS) break;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    if (total > 0) logger.info({ rows: total, olderThan: cutoff.toISOString() }, "deleted request audit rows past AUDIT_RETENTION_DAYS");
    return total;
  };
  const runOnce = () =>
    (running ??= purge()
      .catch((err: unknown) => {
        logger.warn({ err: (err as Error).message }, "could not delete old request audit rows; will try again");
        return 0;
      })
      .finally(() => (running = undefined)));

  const first = setTimeout(() => void runOnce(), 10_000);
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
