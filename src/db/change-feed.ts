import type pg from "pg";
import type { Logger } from "pino";

/** The channel the `routing_changed()` trigger announces new routing versions on. */
export const ROUTING_CHANNEL = "switcher_routing";
const READ_VERSION = `SELECT "version"::text AS version FROM "routing_version" WHERE "id" = 1`;
const MAX_RECONNECT_MS = 10_000;

export interface ChangeFeedOptions {
  /** Runs one query on the shared pool: the version check. */
  query<T>(sql: string): Promise<T[]>;
  /** Postgres URL for the dedicated LISTEN connection; undefined turns LISTEN off (polling only). */
  listenUrl: string | undefined;
  pollMs: number;
  /** Called whenever routing may have changed, and whenever the feed may have missed a change. */
  onChange(): void;
  logger: Logger;
}

export interface ChangeFeedStatus {
  ok: boolean;
  mode: "listen" | "poll";
  version: string | null;
  /** How long ago the version was last confirmed, in ms; null before the first check. */
  confirmed_ms_ago: number | null;
  message?: string;
}

/**
 * Keeps this replica's view of routing current with the other replicas': a LISTEN connection of its own
 * hears each committed change within milliseconds, and a version check on the pool every `pollMs`
 * catches what LISTEN misses (a pooler that drops it, a notification lost while reconnecting). While the
 * database is away cached routes keep serving; when it is back, everything is cleared.
 */
export class ChangeFeed {
  private version: string | undefined;
  private confirmedAt: number | undefined;
  private lastError: string | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private listener: pg.Client | undefined;
  private listening = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectMs = 500;
  private closed = false;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** Reads the current version and starts listening and polling; a database that is down now is retried. */
  async start(): Promise<void> {
    await this.poll();
    if (this.options.listenUrl) await this.listen();
    this.pollTimer = setInterval(() => void this.poll(), this.options.pollMs);
    this.pollTimer.unref();
  }

  status(): ChangeFeedStatus {
    const mode = this.listening ? "listen" : "poll";
    const age = this.confirmedAt === undefined ? null : Date.now() - this.confirmedAt;
    // Three missed checks in a row: a change made elsewhere may not have reached this replica.
    const ok = age !== null && age <= Math.max(3 * this.options.pollMs, 2_000);
    const status: ChangeFeedStatus = { ok, mode, version: this.version ?? null, confirmed_ms_ago: age };
    if (!ok) {
      const why = this.lastError ?? (age === null ? "no version check has succeeded yet" : `no version check for ${age} ms`);
      status.message = `Cannot confirm routing is current: ${why}. Serving cached routes.`;
    }
    else if (this.options.listenUrl && !this.listening) status.message = "LISTEN is down; changes arrive by polling until it reconnects.";
    return status;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => undefined);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      const [row] = await this.options.query<{ version: string }>(READ_VERSION);
      const wasStale = this.lastError !== undefined;
      this.lastError = undefined;
      this.confirmedAt = Date.now();
      if (wasStale) this.options.logger.info("routing version check works again; cleared cached routes");
      this.advance(row?.version ?? "0", wasStale);
    } catch (err) {
      if (this.lastError === undefined) {
        this.options.logger.warn({ err: (err as Error).message }, "cannot read the routing version; serving cached routes until the database answers");
      }
      this.lastError = (err as Error).message;
    } finally {
      this.polling = false;
    }
  }

  /** Records a version; tells subscribers when it moved, or when the feed may have missed something. */
  private advance(version: string, force: boolean): void {
    const moved = this.version !== undefined && BigInt(version) > BigInt(this.version);
    if (this.version === undefined || moved) this.version = version;
    if (moved || force) this.options.onChange();
  }

  private async listen(): Promise<void> {
    const { Client } = (await import("pg")).default;
    const client = new Client({ connectionString: this.options.listenUrl, connectionTimeoutMillis: 5_000, keepAlive: true });
    const lost = (reason: string) => {
      if (this.listener !== client || this.closed) return;
      this.listener = undefined;
      if (this.listening) this.options.logger.warn({ reason }, "lost the LISTEN connection; polling until it is back");
      this.listening = false;
      // Cached routes keep serving while the database is away; they are cleared once it is back.
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    this.listener = client;
    client.on("error", (err) => lost(err.message));
    client.on("end", () => lost("connection ended"));
    client.on("notification", (msg) => {
      if (msg.channel !== ROUTING_CHANNEL || !msg.payload) return;
      this.confirmedAt = Date.now();
      this.advance(msg.payload, false);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ROUTING_CHANNEL}`);
    } catch (err) {
      lost((err as Error).message);
      return;
    }
    const reconnected = this.reconnectMs > 500;
    this.listening = true;
    this.reconnectMs = 500;
    if (reconnected) {
      // Notifications sent while we were away are gone: forget everything.
      this.options.logger.info("LISTEN connection is back; cleared cached routes");
      this.options.onChange();
    }
    await this.poll();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen();
    }, this.reconnectMs);
    this.reconnectTimer.unref();
    this.reconnectMs = Math.min(this.reconnectMs * 2, MAX_RECONNECT_MS);
  }
}
