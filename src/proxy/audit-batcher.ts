import type { Logger } from "pino";
import type { DialectId } from "../inbound/types.ts";

/** Stores a batch of audit rows. */
export type AuditWriter = (rows: RequestAudit[]) => Promise<void>;

export interface RequestAudit {
  agentId: string;
  profileName: string;
  modelName: string;
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
}

// Each write has a fixed cost (a transaction; on the embedded database, files written by PGlite on
// the event loop) that dwarfs a row's: batches of up to 1000 rows every 500 ms keep the audit's share
// of a proxied call small, and each write's pause short. A crash (not a SIGTERM) loses at most that.
const MAX_BATCH = 1000;

/** Collects audit rows off the hot path and writes them in batches; flush() drains what is pending. */
export class AuditBatcher {
  private pending: RequestAudit[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: AuditWriter,
    private readonly logger: Logger,
    private readonly intervalMs = 500,
  ) {}

  record(row: RequestAudit): void {
    this.pending.push(row);
    if (this.pending.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Writes everything recorded so far; resolves when it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.write(batch);
      } catch (err) {
        this.logger.error({ err: (err as Error).message, rows: batch.length }, "could not write request audit rows");
      }
    });
    return this.writing;
  }
}
