import type { AuditQueue } from "./audit/audit-queue.ts";
import type { ChangeFeed } from "./db/change-feed.ts";
import type { Database } from "./db/database.ts";
import { pendingMigrations } from "./db/migrate.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { CredentialsStatus } from "./services/credentials-check.ts";
import type { ResponseBody } from "./operations/types.ts";

export type ReadinessBody = ResponseBody<"getReadiness", 200>;

export interface ReadinessSources {
  database: Database;
  lifecycle: Lifecycle;
  audit: AuditQueue;
  /** The change feed between replicas; undefined on the embedded database (one process). */
  changeFeed: ChangeFeed | undefined;
  /** The last credentials check (start-up, then after each routing change). */
  credentials(): CredentialsStatus;
}

/**
 * What /readyz answers. 503 only for what makes this replica worse than its peers (draining, a
 * sealing key that opens no stored key, migrations missing): a database outage is shared by every
 * replica, and taking them all out of the load balancer would stop calls that the route cache can
 * still serve. That, a stale change feed and a failing audit queue show as `degraded` in the body.
 */
export async function checkReadiness(sources: ReadinessSources): Promise<{ status: 200 | 503; body: ReadinessBody }> {
  const { database, lifecycle, audit, changeFeed } = sources;
  let databaseCheck: ReadinessBody["checks"]["database"] = { ok: true, kind: database.kind };
  let migrations: ReadinessBody["checks"]["migrations"];
  try {
    await database.ping();
    const pending = await pendingMigrations(database);
    migrations = { ok: pending.length === 0, pending };
    if (pending.length > 0) migrations.message = `Migrations not applied: ${pending.join(", ")}. Restart this replica to apply them.`;
  } catch (err) {
    databaseCheck = { ok: false, kind: database.kind, message: `Database unreachable: ${(err as Error).message}` };
    migrations = { ok: true, pending: [], message: "Not checked: the database does not answer; they were applied at start-up." };
  }
  const credentials = sources.credentials();
  const checks: ReadinessBody["checks"] = {
    database: databaseCheck,
    migrations,
    credentials,
    audit_queue: audit.status(),
    change_feed: changeFeed ? changeFeed.status() : { ok: true, mode: "local", version: null, confirmed_ms_ago: null },
  };
  const notReady = lifecycle.draining || !migrations.ok || !credentials.ok;
  const degraded = Object.values(checks).some((check) => !check.ok);
  const body: ReadinessBody = {
    status: lifecycle.draining ? "draining" : notReady ? "not_ready" : degraded ? "degraded" : "ready",
    checks,
  };
  return { status: notReady ? 503 : 200, body };
}
