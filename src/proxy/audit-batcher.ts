import type { Logger } from "pino";
import type { PrismaClient } from "../db/prisma-client/client.ts";

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
  promptSha256: string;
}

const MAX_BATCH = 500;

/** Collects audit rows off the hot path and writes them in batches; flush() drains what is pending. */
export class AuditBatcher {
  private pending: RequestAudit[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly intervalMs = 250,
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
        await this.prisma.auditRequest.createMany({ data: batch });
      } catch (err) {
        this.logger.error({ err: (err as Error).message, rows: batch.length }, "could not write request audit rows");
      }
    });
    return this.writing;
  }
}
