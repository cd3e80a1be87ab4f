import { randomUUID } from "node:crypto";
import type { ProfileCreate, ProfileUpdate, ProfileView } from "../api-types.ts";
import { resolveBaseUrl } from "./base-url.ts";
import { maskApiKey, openCredentials, sealCredentials, type Credentials } from "../crypto/credentials.ts";
import type { Profile } from "../db/prisma-client/client.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { renameInAllowedModels } from "./allowed-models.ts";
import { FOREIGN_KEY_VIOLATION, isPrismaError, UNIQUE_VIOLATION, type ServiceContext } from "./context.ts";

export function toProfileView(row: Profile): ProfileView {
  return {
    id: row.id,
    profile_name: row.profileName,
    provider_type: row.providerType,
    base_url: row.baseUrl,
    responses_api: row.responsesApi,
    key_hint: row.keyHint,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Whether the profile serves Responses: OpenAI does; a compatible server only when the operator says so. */
function resolveResponsesApi(providerType: ProfileCreate["provider_type"], asked: boolean | undefined): boolean {
  if (providerType === "anthropic") {
    if (asked) throw badRequest("responses_api cannot be set for anthropic profiles: Responses agents are translated to Messages.", "responses_api");
    return false;
  }
  return asked ?? providerType === "openai";
}

export async function createProfile(ctx: ServiceContext, input: ProfileCreate): Promise<ProfileView> {
  const id = randomUUID();
  const baseUrl = resolveBaseUrl(input);
  const responsesApi = resolveResponsesApi(input.provider_type, input.responses_api);
  try {
    const row = await ctx.prisma.profile.create({
      data: {
        id,
        profileName: input.profile_name,
        providerType: input.provider_type,
        baseUrl,
        responsesApi,
        credentialsCiphertext: sealCredentials(ctx.sealingKey, id, { api_key: input.credentials.api_key }),
        keyHint: maskApiKey(input.credentials.api_key),
      },
    });
    return toProfileView(row);
  } catch (err) {
    if (isPrismaError(err, UNIQUE_VIOLATION)) {
      throw conflict(`A profile named '${input.profile_name}' already exists. Pick another name or delete it first.`);
    }
    throw err;
  }
}

/**
 * Repairs a profile: a new key (sealed as on creation), base URL, name, or whether it serves Responses. Agents keep their active
 * model; the route cache is cleared so the very next call uses the change.
 */
export async function updateProfile(ctx: ServiceContext, id: string, input: ProfileUpdate): Promise<ProfileView> {
  const current = await getProfileById(ctx, id);
  const apiKey = input.credentials?.api_key;
  const data = {
    ...(input.profile_name !== undefined ? { profileName: input.profile_name } : {}),
    ...(input.base_url !== undefined ? { baseUrl: resolveBaseUrl({ base_url: input.base_url, provider_type: current.providerType }) } : {}),
    ...(input.responses_api !== undefined ? { responsesApi: resolveResponsesApi(current.providerType, input.responses_api) } : {}),
    ...(apiKey !== undefined ? { credentialsCiphertext: sealCredentials(ctx.sealingKey, id, { api_key: apiKey }), keyHint: maskApiKey(apiKey) } : {}),
  };
  try {
    const row = await ctx.prisma.$transaction(async (tx) => {
      const updated = await tx.profile.update({ where: { id }, data });
      if (updated.profileName !== current.profileName) await renameInAllowedModels(tx, current.profileName, updated.profileName);
      return updated;
    });
    ctx.onRoutingChange();
    return toProfileView(row);
  } catch (err) {
    if (isPrismaError(err, UNIQUE_VIOLATION)) throw conflict(`A profile named '${input.profile_name}' already exists. Pick another name.`);
    if (isPrismaError(err, "P2025")) throw notFound(`No profile with id '${id}' (it was deleted meanwhile). List profiles with GET /admin/profiles.`);
    throw err;
  }
}

export async function listProfiles(ctx: ServiceContext): Promise<ProfileView[]> {
  const rows = await ctx.prisma.profile.findMany({ orderBy: [{ createdAt: "asc" }, { profileName: "asc" }] });
  return rows.map(toProfileView);
}

export async function getProfileById(ctx: ServiceContext, id: string): Promise<Profile> {
  const row = await ctx.prisma.profile.findUnique({ where: { id } });
  if (!row) throw notFound(`No profile with id '${id}'. List profiles with GET /admin/profiles.`);
  return row;
}

export async function getProfileByName(ctx: ServiceContext, profileName: string): Promise<Profile> {
  const row = await ctx.prisma.profile.findUnique({ where: { profileName } });
  if (!row) throw notFound(`No profile named '${profileName}'. List profiles with GET /admin/profiles.`);
  return row;
}

export function profileCredentials(ctx: Pick<ServiceContext, "sealingKey">, row: Profile): Credentials {
  return openCredentials(ctx.sealingKey, row.id, row.credentialsCiphertext, row.profileName);
}

/** Deletes a profile and its models; refused while any agent uses it. */
export async function deleteProfile(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.prisma
    .$transaction(async (tx) => {
    const row = await tx.profile.findUnique({ where: { id }, include: { agents: { select: { agentId: true }, take: 5 } } });
    if (!row) throw notFound(`No profile with id '${id}'. List profiles with GET /admin/profiles.`);
    if (row.agents.length > 0) {
      const agents = row.agents.map((a) => `'${a.agentId}'`).join(", ");
      throw conflict(
        `Profile '${row.profileName}' is in use by agent(s) ${agents}. Switch them to another profile (POST /api/switch), then delete it.`,
      );
    }
    await tx.profile.delete({ where: { id } });
    })
    .catch((err: unknown) => {
      // An agent switched onto the profile between our check and the delete: the foreign key refused it.
      if (isPrismaError(err, FOREIGN_KEY_VIOLATION)) throw conflict("The profile came into use while deleting it; nothing was deleted.");
      throw err;
    });
  ctx.onRoutingChange();
}
