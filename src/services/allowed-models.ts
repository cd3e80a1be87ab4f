import { randomUUID } from "node:crypto";
import type { AllowedModel, AllowedModelsOfAgent } from "../api-types.ts";
import { actorLabel, ADMIN_IDENTITY, describeCaller, type CallerIdentity } from "../auth/identity.ts";
import type { Prisma } from "../db/prisma-client/client.ts";
import { forbidden } from "../errors.ts";
import type { ServiceContext } from "./context.ts";

type AllowedListReader = Pick<Prisma.TransactionClient, "agentAllowedModel">;

const entryKey = (e: AllowedModel) => JSON.stringify([e.profile_name, e.model_name ?? null]);

export async function getAllowedModels(ctx: ServiceContext, agentId: string): Promise<AllowedModelsOfAgent> {
  return readAllowedModels(ctx.prisma, agentId);
}

/** The agent's list, read through `db` (the service's client or a transaction's). */
async function readAllowedModels(db: AllowedListReader, agentId: string): Promise<AllowedModelsOfAgent> {
  const rows = await db.agentAllowedModel.findMany({ where: { agentId }, orderBy: [{ profileName: "asc" }, { modelName: "asc" }] });
  return {
    agent_id: agentId,
    allowed: rows.map((r) => ({ profile_name: r.profileName, ...(r.modelName !== null ? { model_name: r.modelName } : {}) })),
  };
}

/** Replaces the agent's list in one transaction; an empty list lifts the restriction. */
export async function setAllowedModels(ctx: ServiceContext, agentId: string, allowed: AllowedModel[]): Promise<AllowedModelsOfAgent> {
  const unique = [...new Map(allowed.map((e) => [entryKey(e), e])).values()];
  await ctx.prisma.$transaction([
    ctx.prisma.agentAllowedModel.deleteMany({ where: { agentId } }),
    ctx.prisma.agentAllowedModel.createMany({
      data: unique.map((e) => ({ id: randomUUID(), agentId, profileName: e.profile_name, modelName: e.model_name ?? null })),
    }),
  ]);
  return getAllowedModels(ctx, agentId);
}

const describeEntry = (e: AllowedModel) => (e.model_name === undefined ? `${e.profile_name} / (any model)` : `${e.profile_name} / ${e.model_name}`);

/** The models an agent may be switched to, as a Prisma filter: enabled, and on its list when it has one. */
export async function switchableModelsWhere(ctx: ServiceContext, agentId: string): Promise<Prisma.ModelWhereInput> {
  const { allowed } = await getAllowedModels(ctx, agentId);
  if (allowed.length === 0) return { enabled: true };
  return {
    enabled: true,
    OR: allowed.map((e) => ({ profile: { profileName: e.profile_name }, ...(e.model_name === undefined ? {} : { modelName: e.model_name }) })),
  };
}

export interface SwitchTargetOfAgent {
  agentId: string;
  profileName: string;
  modelName: string;
}

/** Why the agent's list excludes the target ("may only be switched to: …; not …"), or undefined when it does not. */
async function exclusion(db: AllowedListReader, target: SwitchTargetOfAgent): Promise<string | undefined> {
  const { allowed } = await readAllowedModels(db, target.agentId);
  if (allowed.length === 0) return undefined;
  const permitted = allowed.some((e) => e.profile_name === target.profileName && (e.model_name === undefined || e.model_name === target.modelName));
  if (permitted) return undefined;
  return `Agent '${target.agentId}' may only be switched to: ${allowed.map(describeEntry).join(", ")}; not ${target.profileName} / ${target.modelName}.`;
}

/**
 * Refuses (403) a switch outside the agent's allowed list, naming the list. The admin key is not held
 * to it; an agent without a list may be switched to anything enabled. `db`: a transaction's client, to
 * read the list inside the transaction that switches.
 */
export async function checkAllowedModel(
  ctx: ServiceContext,
  actor: CallerIdentity,
  target: SwitchTargetOfAgent,
  db: AllowedListReader = ctx.prisma,
): Promise<void> {
  if (actor.kind === "admin") return;
  const refused = await exclusion(db, target);
  if (refused === undefined) return;
  throw forbidden(
    `${refused} ${describeCaller(actor)} cannot override the list: pick one of those, or ask the admin to widen it (PUT /admin/agents/{agent_id}/allowed-models) or to switch with the admin key.`,
  );
}

const ADMIN_ACTOR = actorLabel(ADMIN_IDENTITY);

/**
 * The same rule for a scheduled switch, when it applies (the list may have changed since it was
 * scheduled): a schedule's `actor` records who made it, and one the admin key made is not held to the
 * list. Returns why it is refused, or undefined.
 */
export async function scheduledSwitchExclusion(db: AllowedListReader, actor: string | null, target: SwitchTargetOfAgent): Promise<string | undefined> {
  if (actor === ADMIN_ACTOR) return undefined;
  const refused = await exclusion(db, target);
  return refused && `${refused} It was scheduled by ${actor ?? "an unknown caller"}, who cannot override the agent's allowed models.`;
}

/** Renames a profile in every agent's list (inside the rename's transaction). */
export function renameInAllowedModels(tx: Pick<ServiceContext["prisma"], "agentAllowedModel">, from: string, to: string) {
  return tx.agentAllowedModel.updateMany({ where: { profileName: from }, data: { profileName: to } });
}
