import { randomUUID } from "node:crypto";
import type { ModelUpsert, ModelView } from "../api-types.ts";
import type { Model, Profile } from "../db/prisma-client/client.ts";
import type { ServiceContext } from "./context.ts";
import { getProfileByName } from "./profiles.ts";

export function toModelView(row: Model, profileName: string): ModelView {
  return {
    id: row.id,
    profile_name: profileName,
    model_name: row.modelName,
    enabled: row.enabled,
    tags: row.tags,
    max_tokens: row.maxTokens,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function upsertModel(ctx: ServiceContext, input: ModelUpsert): Promise<ModelView> {
  const profile = await getProfileByName(ctx, input.profile_name);
  const fields = {
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
    ...(input.max_tokens !== undefined ? { maxTokens: input.max_tokens } : {}),
  };
  const row = await ctx.prisma.model.upsert({
    where: { profileId_modelName: { profileId: profile.id, modelName: input.model_name } },
    create: { id: randomUUID(), profileId: profile.id, modelName: input.model_name, ...fields },
    update: fields,
  });
  ctx.onRoutingChange();
  return toModelView(row, profile.profileName);
}

export async function listModels(ctx: ServiceContext, profileName: string): Promise<ModelView[]> {
  const profile = await getProfileByName(ctx, profileName);
  const rows = await ctx.prisma.model.findMany({ where: { profileId: profile.id }, orderBy: { modelName: "asc" } });
  return rows.map((row) => toModelView(row, profile.profileName));
}

/**
 * Makes sure each named model exists for the profile, creating missing ones enabled. Safe under
 * concurrency: a model created by a concurrent call is kept, never duplicated. Returns how many were new.
 */
export async function ensureModels(ctx: ServiceContext, profile: Profile, modelNames: string[]): Promise<number> {
  const { count } = await ctx.prisma.model.createMany({
    data: modelNames.map((modelName) => ({ id: randomUUID(), profileId: profile.id, modelName, enabled: true })),
    skipDuplicates: true,
  });
  if (count > 0) ctx.onRoutingChange();
  return count;
}
