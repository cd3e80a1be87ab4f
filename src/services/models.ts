import { randomUUID } from "node:crypto";
import type { ModelUpsert, ModelView } from "../api-types.ts";
import type { Model, Prisma, Profile } from "../db/prisma-client/client.ts";
import { badRequest, conflict } from "../errors.ts";
import type { ServiceContext } from "./context.ts";
import { catalogPrices, type StoredPrices } from "./price-catalog.ts";
import { getProfileByName } from "./profiles.ts";

export function toModelView(row: Model, profileName: string): ModelView {
  return {
    id: row.id,
    profile_name: profileName,
    model_name: row.modelName,
    enabled: row.enabled,
    tags: row.tags,
    max_tokens: row.maxTokens,
    input_price_per_mtok: row.inputPricePerMtok,
    output_price_per_mtok: row.outputPricePerMtok,
    cached_input_price_per_mtok: row.cachedInputPricePerMtok,
    price_source: row.priceSource as ModelView["price_source"],
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * No agent is ever left on a disabled model: disabling one that agents use is refused, naming them.
 * The row lock (FOR UPDATE) waits for switches onto it in flight, which hold it FOR SHARE.
 */
async function refuseDisablingInUse(tx: Prisma.TransactionClient, profile: Profile, modelName: string): Promise<void> {
  const [model] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id"::text AS "id" FROM "models" WHERE "profile_id" = ${profile.id}::uuid AND "model_name" = ${modelName} FOR UPDATE`;
  if (!model) return;
  const users = await tx.agentState.findMany({ where: { modelId: model.id }, select: { agentId: true }, take: 5, orderBy: { agentId: "asc" } });
  if (users.length === 0) return;
  throw conflict(
    `Model '${modelName}' of profile '${profile.profileName}' is the active model of agent(s) ${users.map((u) => `'${u.agentId}'`).join(", ")}` +
      `${users.length === 5 ? " and maybe more" : ""}. Switch them to another model (POST /api/switch with the admin key), then disable it.`,
  );
}

/** The prices an upsert sets: the admin's (fields left out keep theirs), the catalog's again, or none. */
function pricesToSet(input: ModelUpsert, catalog: StoredPrices): Partial<StoredPrices> {
  const given = {
    ...(input.input_price_per_mtok !== undefined ? { inputPricePerMtok: input.input_price_per_mtok } : {}),
    ...(input.output_price_per_mtok !== undefined ? { outputPricePerMtok: input.output_price_per_mtok } : {}),
    ...(input.cached_input_price_per_mtok !== undefined ? { cachedInputPricePerMtok: input.cached_input_price_per_mtok } : {}),
  };
  const adminSetsPrices = Object.keys(given).length > 0;
  if (input.price_source === "catalog") {
    if (adminSetsPrices) throw badRequest("Send either price_source: catalog (take the price list's prices) or prices of your own, not both.", "price_source");
    return catalog;
  }
  return adminSetsPrices ? { ...given, priceSource: "admin" } : {};
}

export async function upsertModel(ctx: ServiceContext, input: ModelUpsert): Promise<ModelView> {
  const profile = await getProfileByName(ctx, input.profile_name);
  const catalog = catalogPrices(profile.providerType, input.model_name);
  const fields = {
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
    ...(input.max_tokens !== undefined ? { maxTokens: input.max_tokens } : {}),
    ...pricesToSet(input, catalog),
  };
  const row = await ctx.prisma.$transaction(async (tx) => {
    if (input.enabled === false) await refuseDisablingInUse(tx, profile, input.model_name);
    return tx.model.upsert({
      where: { profileId_modelName: { profileId: profile.id, modelName: input.model_name } },
      create: { id: randomUUID(), profileId: profile.id, modelName: input.model_name, ...catalog, ...fields },
      update: fields,
    });
  });
  ctx.onRoutingChange();
  return toModelView(row, profile.profileName);
}

export async function listModels(ctx: ServiceContext, profileName: string): Promise<ModelView[]> {
  const profile = await getProfileByName(ctx, profileName);
  const rows = await ctx.prisma.model.findMany({ where: { profileId: profile.id }, orderBy: { modelName: "asc" } });
  return rows.map((row) => toModelView(row, profile.profileName));
}

/** A new, enabled model row with the price list's prices. */
export function newModelRow(profile: Pick<Profile, "id" | "providerType">, modelName: string) {
  return { id: randomUUID(), profileId: profile.id, modelName, enabled: true, ...catalogPrices(profile.providerType, modelName) };
}

/**
 * Makes sure each named model exists for the profile, creating missing ones enabled. Safe under
 * concurrency: a model created by a concurrent call is kept, never duplicated. Returns how many were new.
 */
export async function ensureModels(ctx: ServiceContext, profile: Profile, modelNames: string[]): Promise<number> {
  const { count } = await ctx.prisma.model.createMany({
    data: modelNames.map((modelName) => newModelRow(profile, modelName)),
    skipDuplicates: true,
  });
  if (count > 0) ctx.onRoutingChange();
  return count;
}

/**
 * Refreshes the price list's prices of the profile's models that the admin has not priced (a sync
 * calls it, so models created before prices existed, or priced by an older list, catch up).
 */
export async function refreshCatalogPrices(ctx: ServiceContext, profile: Profile): Promise<void> {
  const rows = await ctx.prisma.model.findMany({ where: { profileId: profile.id, NOT: { priceSource: "admin" } } });
  for (const row of rows) {
    const prices = catalogPrices(profile.providerType, row.modelName);
    const same = prices.inputPricePerMtok === row.inputPricePerMtok && prices.outputPricePerMtok === row.outputPricePerMtok &&
      prices.cachedInputPricePerMtok === row.cachedInputPricePerMtok && prices.priceSource === row.priceSource;
    if (!same) await ctx.prisma.model.update({ where: { id: row.id }, data: prices });
  }
}
