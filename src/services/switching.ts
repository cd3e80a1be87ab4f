import type { ActiveModel, SwitchRecord, SwitchRequest, SwitchResult } from "../api-types.ts";
import { attribution, type CallerIdentity } from "../auth/identity.ts";
import type { Prisma, Profile } from "../db/prisma-client/client.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { FOREIGN_KEY_VIOLATION, isPrismaError, type ServiceContext } from "./context.ts";
import { checkAllowedModel } from "./allowed-models.ts";
import { ensureModels } from "./models.ts";
import { getProfileByName } from "./profiles.ts";

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

/** A switch with its agent resolved (from the request, or from the key bound to one agent). */
export type SwitchTarget = SwitchRequest & { agent_id: string };

/** Writes the agent's new state and its audit row; runs inside the switch's transaction. */
async function writeSwitch(tx: Prisma.TransactionClient, profile: Profile, input: SwitchTarget, actor: CallerIdentity): Promise<SwitchResult> {
  // Switches of one agent are serialised so each audit row's "from" is exactly the previous "to".
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${input.agent_id}, 0))`;
  // FOR SHARE: a concurrent disable of this model (which locks it FOR UPDATE) waits for us, or we for it.
  const [model] = await tx.$queryRaw<Array<{ id: string; modelName: string; enabled: boolean }>>`
    SELECT "id"::text AS "id", "model_name" AS "modelName", "enabled" FROM "models"
    WHERE "profile_id" = ${profile.id}::uuid AND "model_name" = ${input.model_name} FOR SHARE`;
  if (!model) throw notFound(`Model '${input.model_name}' of profile '${profile.profileName}' was deleted meanwhile; try again.`);
  if (!model.enabled) {
    throw badRequest(
      `Model '${input.model_name}' of profile '${profile.profileName}' is disabled. Enable it with POST /admin/models or pick another model.`,
      "model_name",
    );
  }
  const previous = await tx.agentState.findUnique({
    where: { agentId: input.agent_id },
    include: { profile: { select: { profileName: true } }, model: { select: { modelName: true } } },
  });
  const since = new Date();
  const data = { profileId: profile.id, modelId: model.id, since };
  await tx.agentState.upsert({ where: { agentId: input.agent_id }, create: { agentId: input.agent_id, ...data }, update: data });
  await tx.auditSwitch.create({
    data: {
      agentId: input.agent_id,
      fromProfile: previous?.profile.profileName ?? null,
      fromModel: previous?.model.modelName ?? null,
      toProfile: profile.profileName,
      toModel: model.modelName,
      switchedAt: since,
      ...attribution(actor),
    },
  });
  return {
    active: {
      agent_id: input.agent_id,
      profile_name: profile.profileName,
      provider_type: profile.providerType,
      model_name: model.modelName,
      since: since.toISOString(),
    },
    previous: previous ? { profile_name: previous.profile.profileName, model_name: previous.model.modelName } : null,
  };
}

/**
 * Points an agent at a profile and model: its state and an audit_switches row naming `actor` are written
 * in one transaction. OpenAI-style profiles get unknown models created; Anthropic profiles need them to
 * exist. A target outside the agent's allowed models is refused unless the actor is the admin.
 */
export async function switchModel(ctx: ServiceContext, input: SwitchTarget, actor: CallerIdentity): Promise<SwitchResult> {
  const profile = await getProfileByName(ctx, input.profile_name);
  await checkAllowedModel(ctx, actor, { agentId: input.agent_id, profileName: profile.profileName, modelName: input.model_name });
  const exists = await ctx.prisma.model.findUnique({
    where: { profileId_modelName: { profileId: profile.id, modelName: input.model_name } },
  });
  if (!exists) {
    if (profile.providerType === "anthropic") {
      throw notFound(
        `Profile '${profile.profileName}' (anthropic) has no model '${input.model_name}'. Add it with POST /admin/models or sync the profile's models first.`,
      );
    }
    await ensureModels(ctx, profile, [input.model_name]);
  }
  let result: SwitchResult;
  try {
    result = await ctx.prisma.$transaction((tx) => writeSwitch(tx, profile, input, actor), TRANSACTION_OPTIONS);
  } catch (err) {
    // The profile was deleted between our read and the write: the foreign key refused it.
    if (isPrismaError(err, FOREIGN_KEY_VIOLATION)) throw conflict(`Profile '${profile.profileName}' was deleted meanwhile; nothing was changed.`);
    throw err;
  }
  ctx.onRoutingChange();
  return result;
}

export async function getActive(ctx: ServiceContext, agentId: string): Promise<ActiveModel> {
  const state = await ctx.prisma.agentState.findUnique({
    where: { agentId },
    include: { profile: true, model: true },
  });
  if (!state) {
    throw notFound(`No active model set for agent_id '${agentId}'. Set one with POST /api/switch.`);
  }
  return {
    agent_id: state.agentId,
    profile_name: state.profile.profileName,
    provider_type: state.profile.providerType,
    model_name: state.model.modelName,
    since: state.since.toISOString(),
  };
}

/** The agent's switches, newest first, with who made each. */
export async function listSwitches(ctx: ServiceContext, agentId: string, limit: number): Promise<SwitchRecord[]> {
  const rows = await ctx.prisma.auditSwitch.findMany({ where: { agentId }, orderBy: [{ switchedAt: "desc" }, { id: "desc" }], take: limit });
  return rows.map((r) => ({
    agent_id: r.agentId,
    from_profile: r.fromProfile,
    from_model: r.fromModel,
    to_profile: r.toProfile,
    to_model: r.toModel,
    switched_at: r.switchedAt.toISOString(),
    actor: r.actor,
    key_id: r.keyId,
  }));
}
