import type { Logger } from "pino";
import type { components } from "../../generated/switcher.ts";
import type { ProviderType } from "../api-types.ts";
import type { DialectId } from "../inbound/types.ts";
import { isDatabaseUnreachable } from "../db/connection-errors.ts";
import { cleanAuditRow } from "./clean-usage.ts";

/** Stores a batch of audit rows. */
export type AuditWriter = (rows: RequestAudit[]) => Promise<void>;

export interface RequestAudit {
  agentId: string;
  profileName: string;
  modelName: string;
  /** Not stored: labels the call's metrics. */
  providerType: ProviderType;
  dialect: DialectId;
  stream: boolean;
  status: number;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** Input tokens read from the provider's prompt cache (included in promptTokens). */
  cachedTokens: number | null;
  /** SHA-256 of the prompt as the dialect defines it (see prompt-hash.ts): the prompt is never stored. */
  promptSha256: string;
  /** Which key called: "admin", "legacy agent key" or "key <name> (<id>)", and the key's id. */
  actor: string;
  keyId: string | null;
  /** Not stored: the error type when the provider failed or refused the call (labels upstream error metrics). */
  errorType: string | null;
}

export interface AuditQueueOptions {
  /** Most rows held while the database cannot take them; past it new rows are counted and dropped. */
  maxRows: number;
  /** How long a row may wait for its batch. */
  intervalMs?: number;
  /** Told of every finished call as it is queued (metrics, the per-call log line): the hot path's only other bookkeeping. */
  onRecord?: (row: RequestAudit) => void;
}

/** What /readyz and the logs show of the queue: the contract's `audit_queue` check. */
export type AuditQueueStatus = components["schemas"]["Readiness"]["checks"]["audit_queue"];

// Each write has a fixed cost (a transaction; on the embedded database, files written by PGlite on
// the event loop) that dwarfs a row's: batches of up to 1000 rows every 500 ms keep the audit's share
// of a proxied call small, and each write's pause short. A crash (not a SIGTERM) loses at most that.
const MAX_BATCH = 1000;
const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
const REPORT_EVERY_MS = 10_000;

/** SQLSTATE classes 22 (data exception) and 23 (integrity): the row is at fault, not the database. */
function isRowProblem(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23]/.test(code);
}

/**
 * Collects audit rows off the hot path and writes them in batches. A failed write is retried, with
 * back-off, from a bounded queue; a row the database refuses is written alone and, if still refused,
 * logged and counted; nothing is lost without a log line and a count in /readyz.
 */
export class AuditQueue {
  private pending: RequestAudit[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private retryMs = 0;
  private lastError: string | undefined;
  private written = 0;
  private dropped = 0;
  private rejected = 0;
  private cleaned = 0;
  private droppedReported = 0;
  private lastReport = 0;
  private readonly maxRows: number;
  private readonly intervalMs: number;
  private readonly onRecord: ((row: RequestAudit) => void) | undefined;

  constructor(
    private readonly write: AuditWriter,
    private readonly logger: Logger,
    options: AuditQueueOptions,
  ) {
    this.maxRows = options.maxRows;
    this.intervalMs = options.intervalMs ?? 500;
    this.onRecord = options.onRecord;
  }

  record(row: RequestAudit): void {
    this.onRecord?.(row);
    if (this.pending.length >= this.maxRows) {
      this.dropped++;
      this.reportDrops();
      return;
    }
    const { row: clean, problems } = cleanAuditRow(row);
    if (problems.length > 0) {
      this.cleaned++;
      this.logger.warn({ agentId: row.agentId, profile: row.profileName, problems }, "provider usage did not fit the audit row; stored what fits");
    }
    this.pending.push(clean);
    if (this.pending.length >= MAX_BATCH && this.retryMs === 0) void this.flush();
    else this.schedule(this.retryMs || this.intervalMs);
  }

  /** Writes what is pending now; resolves when stored, or when a write failed (those rows stay queued for retry). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing;
    while (this.pending.length > 0) {
      this.writing = this.writeBatch();
      await this.writing;
      this.writing = undefined;
      if (this.retryMs > 0) {
        this.schedule(this.retryMs);
        return;
      }
    }
  }

  /** Keeps writing until the queue is empty or `timeoutMs` has passed; logs and counts what is left. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.flush();
    while (this.pending.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.retryMs || MIN_RETRY_MS, Math.max(deadline - Date.now(), 0))));
      await this.flush();
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length > 0) {
      this.logger.error({ rows: this.pending.length, err: this.lastError }, "could not write request audit rows before exit; they are lost");
      this.dropped += this.pending.length;
      this.droppedReported = this.dropped;
      this.pending = [];
    }
  }

  status(): AuditQueueStatus {
    const status: AuditQueueStatus = {
      ok: this.retryMs === 0 && this.dropped === 0 && this.pending.length < this.maxRows / 2,
      pending: this.pending.length,
      written: this.written,
      dropped: this.dropped,
      rejected: this.rejected,
      cleaned: this.cleaned,
    };
    if (this.retryMs > 0) status.message = `Audit writes are failing (${this.lastError}); ${this.pending.length} rows wait for retry.`;
    else if (this.dropped > 0) status.message = `${this.dropped} audit rows were lost because the queue (AUDIT_QUEUE_MAX_ROWS=${this.maxRows}) was full.`;
    return status;
  }

  private schedule(ms: number): void {
    this.timer ??= setTimeout(() => void this.flush(), ms);
  }

  private async writeBatch(): Promise<void> {
    const batch = this.pending.splice(0, MAX_BATCH);
    try {
      await this.write(batch);
      this.succeeded(batch.length);
    } catch (err) {
      if (isRowProblem(err) && !isDatabaseUnreachable(err)) await this.writeOneByOne(batch);
      else this.failed(batch, err);
    }
  }

  /** One row the database refuses must not sink the others: write each alone, reject only the guilty. */
  private async writeOneByOne(batch: RequestAudit[]): Promise<void> {
    for (const [i, row] of batch.entries()) {
      try {
        await this.write([row]);
        this.succeeded(1);
      } catch (err) {
        if (!isRowProblem(err)) return this.failed(batch.slice(i), err);
        this.rejected++;
        this.logger.error({ err: (err as Error).message, agentId: row.agentId, profile: row.profileName, status: row.status }, "the database refused a request audit row");
      }
    }
  }

  private succeeded(rows: number): void {
    this.written += rows;
    if (this.retryMs > 0) this.logger.info({ pending: this.pending.length }, "request audit writes work again");
    this.retryMs = 0;
    this.lastError = undefined;
  }

  private failed(batch: RequestAudit[], err: unknown): void {
    this.pending = batch.concat(this.pending);
    this.lastError = (err as Error).message;
    if (this.retryMs === 0 || Date.now() - this.lastReport >= REPORT_EVERY_MS) {
      this.lastReport = Date.now();
      this.logger.error({ err: this.lastError, pending: this.pending.length }, "could not write request audit rows; retrying");
    }
    this.retryMs = Math.min(Math.max(this.retryMs * 2, MIN_RETRY_MS), MAX_RETRY_MS);
  }

  private reportDrops(): void {
    if (this.dropped === this.droppedReported || Date.now() - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = Date.now();
    this.logger.error(
      { dropped: this.dropped - this.droppedReported, droppedTotal: this.dropped, maxRows: this.maxRows },
      "request audit queue is full; rows were dropped",
    );
    this.droppedReported = this.dropped;
  }
}
