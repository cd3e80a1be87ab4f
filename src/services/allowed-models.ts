import { randomUUID } from "node:crypto";
import type { AllowedModel, AllowedModelsOfAgent } from "../api-types.ts";
import { describeCaller, type CallerIdentity } from "../auth/identity.ts";
import { forbidden } from "../errors.ts";
import type { ServiceContext } from "./context.ts";

const entryKey = (e: AllowedModel) => JSON.stringify([e.profile_name, e.model_name ?? null]);

export async function getAllowedModels(ctx: ServiceContext, agentId: string): Promise<AllowedModelsOfAgent> {
  const rows = await ctx.prisma.agentAllowedModel.findMany({ where: { agentId }, orderBy: [{ profileName: "asc" }, { modelName: "asc" }] });
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

/**
 * Refuses (403) a switch outside the agent's allowed list, naming the list. The admin key is not held
 * to it; an agent without a list may be switched to anything enabled.
 */
export async function checkAllowedModel(
  ctx: ServiceContext,
  actor: CallerIdentity,
  target: { agentId: string; profileName: string; modelName: string },
): Promise<void> {
  if (actor.kind === "admin") return;
  const { allowed } = await getAllowedModels(ctx, target.agentId);
  if (allowed.length === 0) return;
  const permitted = allowed.some((e) => e.profile_name === target.profileName && (e.model_name === undefined || e.model_name === target.modelName));
  if (permitted) return;
  throw forbidden(
    `Agent '${target.agentId}' may only be switched to: ${allowed.map(describeEntry).join(", ")}; not ${target.profileName} / ${target.modelName}. ` +
      `${describeCaller(actor)} cannot override the list: pick one of those, or ask the admin to widen it (PUT /admin/agents/{agent_id}/allowed-models) or to switch with the admin key.`,
  );
}

/** Renames a profile in every agent's list (inside the rename's transaction). */
export function renameInAllowedModels(tx: Pick<ServiceContext["prisma"], "agentAllowedModel">, from: string, to: string) {
  return tx.agentAllowedModel.updateMany({ where: { profileName: from }, data: { profileName: to } });
}
