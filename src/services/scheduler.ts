import type { Logger } from "pino";
import type { Prisma, ScheduledSwitch } from "../db/prisma-client/client.ts";
import { AppError } from "../errors.ts";
import type { ServiceContext } from "./context.ts";
import { newModelRow } from "./models.ts";
import { probeModel } from "./probe.ts";
import { insertRevert } from "./schedule-rows.ts";
import { TRANSACTION_OPTIONS, writeSwitch } from "./switching.ts";

/** Where the scheduler reads the time: injected so tests move it instead of waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface SchedulerOptions {
  ctx: ServiceContext;
  clock: Clock;
  logger: Logger;
  /** How often to look for due schedules. */
  pollMs: number;
}

type Outcome = { status: "applied"; historyId: bigint; outcome: string | null } | { status: "failed"; outcome: string };

/**
 * Applies due scheduled switches. Every replica runs one; each due row is claimed with
 * `FOR UPDATE SKIP LOCKED` inside the transaction that applies it, so exactly one replica applies each,
 * and a replica that dies mid-way leaves the row pending for another.
 */
export class SwitchScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.runDue(), this.options.pollMs);
    this.timer.unref();
  }

  /** Stops polling and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Applies every schedule due by the clock's now, one transaction each; resolves to how many it handled. */
  runDue(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let handled = 0;
    try {
      while (await this.applyNext()) handled++;
    } catch (err) {
      // The row stays pending and is retried on the next poll.
      this.options.logger.error({ err }, "applying a scheduled switch failed; will retry");
    }
    return handled;
  }

  private async applyNext(): Promise<boolean> {
    const { ctx, clock, logger } = this.options;
    const now = clock.now();
    let applied: { row: ScheduledSwitch; result: Outcome } | undefined;
    await ctx.prisma.$transaction(async (tx) => {
      const [due] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM scheduled_switches WHERE status = 'pending' AND run_at <= ${now}
        ORDER BY run_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!due) return;
      const row = await tx.scheduledSwitch.findUniqueOrThrow({ where: { id: due.id } });
      const result = await this.apply(tx, row, now);
      await tx.scheduledSwitch.update({
        where: { id: row.id },
        data: { status: result.status, outcome: result.outcome, appliedAt: now, ...(result.status === "applied" ? { historyId: result.historyId } : {}) },
      });
      applied = { row, result };
    }, TRANSACTION_OPTIONS);
    if (!applied) return false;
    const { row, result } = applied;
    const fields = { schedule: row.id, agent_id: row.agentId, kind: row.kind, profile: row.profileName, model: row.modelName };
    if (result.status === "applied") {
      ctx.onRoutingChange();
      ctx.onSwitch("schedule");
      logger.info({ ...fields, history_id: Number(result.historyId) }, "scheduled switch applied");
    } else {
      logger.warn({ ...fields, outcome: result.outcome }, "scheduled switch failed; the agent was left as it was");
    }
    return true;
  }

  /** Switches the agent as the row says, inside the claiming transaction; failures are outcomes, not errors. */
  private async apply(tx: Prisma.TransactionClient, row: ScheduledSwitch, now: Date): Promise<Outcome> {
    const { ctx } = this.options;
    if (row.until && row.until <= now) return { status: "failed", outcome: "its window had passed (until is over) when it came due; nothing was changed" };
    const profileName = row.profileName!;
    const modelName = row.modelName!;
    const profile = await tx.profile.findUnique({ where: { profileName } });
    if (!profile) return { status: "failed", outcome: `profile '${profileName}' no longer exists` };
    const model = await tx.model.findUnique({ where: { profileId_modelName: { profileId: profile.id, modelName } } });
    if (!model && profile.providerType === "anthropic") return { status: "failed", outcome: `profile '${profileName}' (anthropic) has no model '${modelName}'` };
    if (row.verify) {
      const probe = await probeModel(ctx, profile, modelName);
      if (!probe.ok) {
        const how = probe.status === null ? probe.reason : `HTTP ${probe.status}, ${probe.reason}`;
        return { status: "failed", outcome: `verification failed (${how}): ${probe.message}` };
      }
    }
    if (!model) await tx.model.createMany({ data: [newModelRow(profile, modelName)], skipDuplicates: true });
    let written;
    try {
      written = await writeSwitch(tx, profile, { agent_id: row.agentId, model_name: modelName }, { via: "schedule", actor: row.actor, keyId: null });
    } catch (err) {
      if (err instanceof AppError) return { status: "failed", outcome: err.message };
      throw err;
    }
    let outcome: string | null = null;
    if (row.until) {
      if (written.previous) {
        await insertRevert(tx, { agentId: row.agentId, target: written.previous, runAt: row.until, verify: row.verify, actor: row.actor, revertOf: row.id });
      } else {
        outcome = "the agent had no model before, so no switch back was scheduled";
      }
    }
    return { status: "applied", historyId: BigInt(written.history_id!), outcome };
  }
}
