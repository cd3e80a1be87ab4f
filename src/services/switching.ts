import type { ActiveModel, SwitchRequest, SwitchResult } from "../api-types.ts";
import { attribution, type CallerIdentity } from "../auth/identity.ts";
import type { Prisma, Profile } from "../db/prisma-client/client.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { FOREIGN_KEY_VIOLATION, isPrismaError, type ServiceContext } from "./context.ts";
import { checkAllowedModel } from "./allowed-models.ts";
import { ensureModels } from "./models.ts";
import { verifyTarget } from "./probe.ts";
import { getProfileByName } from "./profiles.ts";
import { insertRevert } from "./schedule-rows.ts";

export const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

/** How a switch was asked for and by whom, as its history row records it. */
export interface SwitchAttribution {
  via: "api" | "mcp" | "schedule";
  /** Who asked: "admin", "legacy agent key" or "key <name> (<id>)" (see actorLabel), and the key's id. */
  actor: string | null;
  keyId: string | null;
  /** For a rollback: the history entry whose state it restores. */
  rollbackOf?: bigint;
}

/** The attribution of a switch a caller asked for through the API or MCP. */
export function askedBy(caller: CallerIdentity, via: "api" | "mcp"): SwitchAttribution {
  return { via, ...attribution(caller) };
}

/** Takes the agent's switch lock until the transaction ends: switches, rollbacks and schedules of one agent are serialised. */
export async function lockAgentSwitches(tx: Prisma.TransactionClient, agentId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${agentId}, 0))`;
}

/** A switch with its agent resolved (from the request, or from the key bound to one agent). */
export type SwitchTarget = SwitchRequest & { agent_id: string };

/** Writes the agent's new state and its audit row; runs inside the switch's transaction. */
export async function writeSwitch(
  tx: Prisma.TransactionClient,
  profile: Profile,
  input: Pick<SwitchRequest, "model_name"> & { agent_id: string },
  attribution: SwitchAttribution,
): Promise<SwitchResult> {
  // Switches of one agent are serialised so each audit row's "from" is exactly the previous "to".
  await lockAgentSwitches(tx, input.agent_id);
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
  const entry = await tx.auditSwitch.create({
    data: {
      agentId: input.agent_id,
      fromProfile: previous?.profile.profileName ?? null,
      fromModel: previous?.model.modelName ?? null,
      toProfile: profile.profileName,
      toModel: model.modelName,
      switchedAt: since,
      via: attribution.via,
      actor: attribution.actor,
      keyId: attribution.keyId,
      rollbackOf: attribution.rollbackOf ?? null,
    },
  });
  return {
    history_id: Number(entry.id),
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
 * Points an agent at a profile and model: its state and an audit_switches row naming who asked are
 * written in one transaction. OpenAI-style profiles get unknown models created; Anthropic profiles need
 * them to exist. A target outside the agent's allowed models is refused unless the caller is the admin.
 * With `verify`, the target is probed first and nothing changes when it fails (VerificationFailed, 424);
 * with `until`, a switch back to the previous model is scheduled in the same transaction.
 */
export async function switchModel(ctx: ServiceContext, input: SwitchTarget, caller: CallerIdentity, via: "api" | "mcp" = "api"): Promise<SwitchResult> {
  if (input.until !== undefined && new Date(input.until) <= new Date()) {
    throw badRequest(`until (${input.until}) is not in the future.`, "until");
  }
  const asked = askedBy(caller, via);
  const profile = await getProfileByName(ctx, input.profile_name);
  await checkAllowedModel(ctx, caller, { agentId: input.agent_id, profileName: profile.profileName, modelName: input.model_name });
  const exists = await ctx.prisma.model.findUnique({
    where: { profileId_modelName: { profileId: profile.id, modelName: input.model_name } },
  });
  if (!exists) {
    if (profile.providerType === "anthropic") {
      throw notFound(
        `Profile '${profile.profileName}' (anthropic) has no model '${input.model_name}'. Add it with POST /admin/models or sync the profile's models first.`,
      );
    }
  }
  const verification = input.verify ? await verifyTarget(ctx, profile, input.model_name) : undefined;
  if (!exists) await ensureModels(ctx, profile, [input.model_name]);
  let result: SwitchResult;
  try {
    result = await ctx.prisma.$transaction(async (tx) => {
      const written = await writeSwitch(tx, profile, input, asked);
      if (input.until === undefined) return written;
      if (!written.previous) throw badRequest(`Agent '${input.agent_id}' had no model before this switch, so there is nothing to switch back to at until.`, "until");
      const revert = await insertRevert(tx, { agentId: input.agent_id, target: written.previous, runAt: new Date(input.until), verify: input.verify ?? false, actor: asked.actor });
      return { ...written, revert };
    }, TRANSACTION_OPTIONS);
  } catch (err) {
    // The profile was deleted between our read and the write: the foreign key refused it.
    if (isPrismaError(err, FOREIGN_KEY_VIOLATION)) throw conflict(`Profile '${profile.profileName}' was deleted meanwhile; nothing was changed.`);
    throw err;
  }
  ctx.onRoutingChange();
  ctx.onSwitch(via);
  return verification ? { ...result, verification } : result;
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

