import { randomUUID } from "node:crypto";
import type { ScheduledSwitchView } from "../api-types.ts";
import type { Prisma, ScheduledSwitch } from "../db/prisma-client/client.ts";

export type ScheduleKind = ScheduledSwitchView["kind"];
export type ScheduleStatus = ScheduledSwitchView["status"];

export function toScheduleView(row: ScheduledSwitch): ScheduledSwitchView {
  return {
    id: row.id,
    agent_id: row.agentId,
    kind: row.kind as ScheduleKind,
    profile_name: row.profileName,
    model_name: row.modelName,
    verify: row.verify,
    run_at: row.runAt.toISOString(),
    until: row.until?.toISOString() ?? null,
    status: row.status as ScheduleStatus,
    outcome: row.outcome,
    revert_of: row.revertOf,
    history_id: row.historyId === null ? null : Number(row.historyId),
    created_at: row.createdAt.toISOString(),
    applied_at: row.appliedAt?.toISOString() ?? null,
    actor: row.actor,
  };
}

export interface RevertInput {
  agentId: string;
  /** What the agent used just before the switch being undone. */
  target: { profile_name: string; model_name: string };
  runAt: Date;
  verify: boolean;
  actor: string | null;
  /** The scheduled switch this reverts, when it was one. */
  revertOf?: string;
}

/** Stores the switch back at a switch's `until`; runs inside that switch's transaction. */
export async function insertRevert(tx: Prisma.TransactionClient, input: RevertInput): Promise<ScheduledSwitchView> {
  const row = await tx.scheduledSwitch.create({
    data: {
      id: randomUUID(),
      agentId: input.agentId,
      kind: "revert",
      profileName: input.target.profile_name,
      modelName: input.target.model_name,
      verify: input.verify,
      runAt: input.runAt,
      revertOf: input.revertOf ?? null,
      actor: input.actor,
    },
  });
  return toScheduleView(row);
}
