import type { Logger } from "pino";

/** Stores a batch of audit rows. */
export type AuditWriter = (rows: RequestAudit[]) => Promise<void>;

export interface RequestAudit {
  agentId: string;
  profileName: string;
  modelName: string;
  stream: boolean;
  status: number;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** The messages as JSON, held only until the batch is written: the writer stores their hash, never the text. */
  messagesJson: string;
}

// Small, frequent batches: on the embedded database a write runs on the event loop, and a short
// write every 100 ms delays requests less than a long one every second.
const MAX_BATCH = 256;

/** Collects audit rows off the hot path and writes them in batches; flush() drains what is pending. */
export class AuditBatcher {
  private pending: RequestAudit[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: AuditWriter,
    private readonly logger: Logger,
    private readonly intervalMs = 100,
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
