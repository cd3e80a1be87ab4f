import { randomUUID } from "node:crypto";
import type { AgentKeyCreate, AgentKeyCreated, AgentKeyView } from "../api-types.ts";
import { agentKeyHint, newAgentKeySecret, secretDigest } from "../auth/secrets.ts";
import type { AgentKey } from "../db/prisma-client/client.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { isPrismaError, UNIQUE_VIOLATION, type ServiceContext } from "./context.ts";

function status(row: AgentKey, now: Date): AgentKeyView["status"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

export function toAgentKeyView(row: AgentKey, now = new Date()): AgentKeyView {
  return {
    id: row.id,
    name: row.name,
    key_hint: row.keyHint,
    all_agents: row.allAgents,
    agent_ids: row.agentIds,
    scopes: row.scopes as AgentKeyView["scopes"],
    status: status(row, now),
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

/** Creates a key and returns its secret, the only time it is ever shown. */
export async function createAgentKey(ctx: ServiceContext, input: AgentKeyCreate): Promise<AgentKeyCreated> {
  if ((input.agent_ids === undefined) === (input.all_agents === undefined)) {
    throw badRequest("Bind the key with exactly one of agent_ids (a list of agent ids) and all_agents: true.", "agent_ids");
  }
  const expiresAt = input.expires_at === undefined ? null : new Date(input.expires_at);
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw badRequest(`expires_at ${input.expires_at} is in the past; give a future time, or leave it out for a key that does not expire.`, "expires_at");
  }
  const secret = newAgentKeySecret();
  try {
    const row = await ctx.prisma.agentKey.create({
      data: {
        id: randomUUID(),
        name: input.name,
        secretSha256: secretDigest(secret),
        keyHint: agentKeyHint(secret),
        allAgents: input.all_agents === true,
        agentIds: input.agent_ids ?? [],
        scopes: input.scopes,
        expiresAt,
      },
    });
    ctx.onKeysChange();
    return { secret, key: toAgentKeyView(row) };
  } catch (err) {
    if (isPrismaError(err, UNIQUE_VIOLATION)) throw conflict(`A key named '${input.name}' already exists. Pick another name (revoked keys keep theirs, so audit rows stay clear).`);
    throw err;
  }
}

export async function listAgentKeys(ctx: ServiceContext): Promise<AgentKeyView[]> {
  const rows = await ctx.prisma.agentKey.findMany({ orderBy: [{ createdAt: "asc" }, { name: "asc" }] });
  const now = new Date();
  return rows.map((row) => toAgentKeyView(row, now));
}

/** Revokes a key; from the next call on it is refused. Revoking twice keeps the first time. */
export async function revokeAgentKey(ctx: ServiceContext, id: string): Promise<AgentKeyView> {
  await ctx.prisma.agentKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await ctx.prisma.agentKey.findUnique({ where: { id } });
  if (!row) throw notFound(`No key with id '${id}'. List keys with GET /admin/keys.`);
  ctx.onKeysChange();
  return toAgentKeyView(row);
}
