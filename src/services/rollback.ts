import type { HistoryEntry, RollbackRequest, SwitchResult } from "../api-types.ts";
import type { AuditSwitch, Prisma, Profile } from "../db/prisma-client/client.ts";
import { conflict, notFound } from "../errors.ts";
import { FOREIGN_KEY_VIOLATION, isPrismaError, type ServiceContext } from "./context.ts";
import { verifyTarget } from "./probe.ts";
import type { CallerIdentity } from "../auth/identity.ts";
import { checkAllowedModel } from "./allowed-models.ts";
import { askedBy, lockAgentSwitches, TRANSACTION_OPTIONS, writeSwitch } from "./switching.ts";

type Entry = Pick<AuditSwitch, "id" | "toProfile" | "toModel" | "rollbackOf">;

/** Where a rollback goes: the state a history entry set. */
interface RollbackTarget {
  entryId: bigint;
  profileName: string;
  modelName: string;
}

/**
 * The agent's history as an undo stack. A rollback row restores an earlier entry, so everything
 * between that entry and the rollback is undone; the entry in effect is found by following
 * `rollback_of`. Without `to`, the target is the entry in effect just before the one in effect now.
 */
async function findTarget(db: Prisma.TransactionClient, agentId: string, to: number | undefined): Promise<RollbackTarget> {
  const rows: Entry[] = await db.auditSwitch.findMany({
    where: { agentId },
    select: { id: true, toProfile: true, toModel: true, rollbackOf: true },
    orderBy: { id: "desc" },
  });
  if (rows.length === 0) throw notFound(`Agent '${agentId}' has never been switched, so there is nothing to roll back.`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const inEffect = (row: Entry): Entry => (row.rollbackOf === null ? row : (byId.get(row.rollbackOf) ?? row));
  const current = inEffect(rows[0]!);
  let target: Entry | undefined;
  if (to === undefined) {
    const before = rows.find((row) => row.id < current.id);
    if (!before) throw conflict(`Agent '${agentId}' has no earlier model to roll back to: ${current.toProfile} / ${current.toModel} was its first.`);
    target = inEffect(before);
  } else {
    const chosen = byId.get(BigInt(to));
    if (!chosen) throw notFound(`Agent '${agentId}' has no history entry ${to}. List them with GET /api/agents/{agent_id}/history.`);
    target = inEffect(chosen);
  }
  return { entryId: target.id, profileName: target.toProfile, modelName: target.toModel };
}

/** The target's profile, checked usable: its profile and model must still exist, enabled. */
async function usableProfile(db: Prisma.TransactionClient, agentId: string, target: RollbackTarget): Promise<Profile> {
  const profile = await db.profile.findUnique({ where: { profileName: target.profileName } });
  const model = profile && (await db.model.findUnique({ where: { profileId_modelName: { profileId: profile.id, modelName: target.modelName } } }));
  const what = `${target.profileName} / ${target.modelName} (history entry ${target.entryId})`;
  if (!profile || !model) throw conflict(`Cannot roll agent '${agentId}' back to ${what}: it was deleted since. Switch it by hand instead.`);
  if (!model.enabled) throw conflict(`Cannot roll agent '${agentId}' back to ${what}: the model is disabled. Enable it with POST /admin/models first.`);
  return profile;
}

const sameTarget = (a: RollbackTarget, b: RollbackTarget) => a.entryId === b.entryId;

/**
 * Returns the agent to an earlier profile and model, recorded as a switch with `rollback_of`. Serialised
 * with the agent's switches by the same lock; with `verify`, the target is probed before the lock is
 * taken, and a switch that landed meanwhile and moved the target makes it a 409 rather than an unprobed switch.
 * Like a switch, a target outside the agent's allowed models is refused (403) unless the caller is the admin.
 */
export async function rollbackAgent(
  ctx: ServiceContext,
  agentId: string,
  input: RollbackRequest,
  caller: CallerIdentity,
  via: "api" | "mcp",
): Promise<SwitchResult> {
  const attribution = askedBy(caller, via);
  let verified: { target: RollbackTarget; probe: SwitchResult["verification"] } | undefined;
  if (input.verify) {
    const target = await findTarget(ctx.prisma, agentId, input.to);
    await checkAllowedModel(ctx, caller, { agentId, profileName: target.profileName, modelName: target.modelName });
    verified = { target, probe: await verifyTarget(ctx, await usableProfile(ctx.prisma, agentId, target), target.modelName) };
  }
  let result: SwitchResult;
  try {
    result = await ctx.prisma.$transaction(async (tx) => {
      await lockAgentSwitches(tx, agentId);
      const target = await findTarget(tx, agentId, input.to);
      if (verified && !sameTarget(verified.target, target)) {
        throw conflict(`Agent '${agentId}' was switched while its rollback target was being verified; nothing was changed. Try again.`);
      }
      const profile = await usableProfile(tx, agentId, target);
      await checkAllowedModel(ctx, caller, { agentId, profileName: profile.profileName, modelName: target.modelName }, tx);
      return writeSwitch(tx, profile, { agent_id: agentId, model_name: target.modelName }, { ...attribution, rollbackOf: target.entryId });
    }, TRANSACTION_OPTIONS);
  } catch (err) {
    if (isPrismaError(err, FOREIGN_KEY_VIOLATION)) throw conflict(`The rollback target of agent '${agentId}' was deleted meanwhile; nothing was changed.`);
    throw err;
  }
  ctx.onRoutingChange();
  ctx.onSwitch(attribution.via);
  return verified ? { ...result, verification: verified.probe } : result;
}

function toHistoryEntry(row: AuditSwitch): HistoryEntry {
  return {
    id: Number(row.id),
    agent_id: row.agentId,
    from_profile: row.fromProfile,
    from_model: row.fromModel,
    to_profile: row.toProfile,
    to_model: row.toModel,
    switched_at: row.switchedAt.toISOString(),
    via: row.via as HistoryEntry["via"],
    rollback_of: row.rollbackOf === null ? null : Number(row.rollbackOf),
    actor: row.actor,
    key_id: row.keyId,
  };
}

/** The agent's switches, newest first. */
export async function agentHistory(ctx: ServiceContext, agentId: string, limit = 50): Promise<HistoryEntry[]> {
  const rows = await ctx.prisma.auditSwitch.findMany({ where: { agentId }, orderBy: { id: "desc" }, take: limit });
  return rows.map(toHistoryEntry);
}
