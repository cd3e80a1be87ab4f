import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { Authenticator } from "../../src/auth/authenticator.ts";
import { actorLabel, impliedAgent, mayActFor } from "../../src/auth/identity.ts";
import { agentKeyHint, newAgentKeySecret, secretDigest } from "../../src/auth/secrets.ts";
import type { PrismaClient } from "../../src/db/prisma-client/client.ts";
import { useMigratedDatabase } from "../helpers/database.ts";
import { AGENT_KEY, silentLogger } from "../helpers/service.ts";

const database = useMigratedDatabase();
const opened: Authenticator[] = [];
afterEach(async () => {
  for (const auth of opened.splice(0)) await auth.close();
});

/** The real database, with a count of the reads of agent_keys. */
function countingPrisma() {
  const reads = { count: 0 };
  const prisma = database().prisma;
  const agentKey = {
    findMany: (...args: Parameters<PrismaClient["agentKey"]["findMany"]>) => {
      reads.count++;
      return prisma.agentKey.findMany(...args);
    },
    updateMany: prisma.agentKey.updateMany.bind(prisma.agentKey),
  };
  return { prisma: { agentKey } as unknown as PrismaClient, reads };
}

async function insertKey(fields: { agentIds?: string[]; allAgents?: boolean; expiresAt?: Date; revokedAt?: Date } = {}) {
  const secret = newAgentKeySecret();
  const id = randomUUID();
  await database().prisma.agentKey.create({
    data: { id, name: `k-${id}`, secretSha256: secretDigest(secret), keyHint: agentKeyHint(secret), scopes: ["call", "read"], ...fields },
  });
  return { id, secret };
}

function authenticator(options: { now?: () => number; maxCacheAgeMs?: number } = {}) {
  const { prisma, reads } = countingPrisma();
  const auth = new Authenticator({ prisma, legacyAgentKey: AGENT_KEY, logger: silentLogger, ...options });
  opened.push(auth);
  return { auth, reads };
}

describe("Authenticator", () => {
  it("resolves a key with one database read for any number of calls, and none for the legacy key", async () => {
    const key = await insertKey({ agentIds: ["a"] });
    const { auth, reads } = authenticator();
    expect(await auth.agent(AGENT_KEY)).toMatchObject({ kind: "legacy_agent_key", agents: "all" });
    expect(reads.count).toBe(0);
    const identities = await Promise.all(Array.from({ length: 200 }, () => auth.agent(key.secret)));
    expect(reads.count).toBe(1);
    const identity = identities[0]!;
    expect(identity).toMatchObject({ kind: "agent_key", keyId: key.id, agents: ["a"], keyHint: agentKeyHint(key.secret) });
    expect([...identity.scopes]).toEqual(["call", "read"]);
    expect([mayActFor(identity, "a"), mayActFor(identity, "b"), impliedAgent(identity)]).toEqual([true, false, "a"]);
    expect(actorLabel(identity)).toBe(`key k-${key.id} (${key.id})`);
  });

  it("refuses unknown, revoked and expired keys; invalidate() makes a revocation count on the next call", async () => {
    const live = await insertKey({ allAgents: true });
    const revoked = await insertKey({ allAgents: true, revokedAt: new Date() });
    let now = Date.now();
    const expiring = await insertKey({ allAgents: true, expiresAt: new Date(now + 1_000) });
    const { auth, reads } = authenticator({ now: () => now });
    expect(await auth.agent(undefined)).toBeUndefined();
    expect(await auth.agent("msk_unknown")).toBeUndefined();
    expect(await auth.agent(revoked.secret)).toBeUndefined();
    expect((await auth.agent(live.secret))?.agents).toBe("all");
    expect(await auth.agent(expiring.secret)).toBeDefined();
    now += 1_000;
    expect(await auth.agent(expiring.secret)).toBeUndefined();

    await database().prisma.agentKey.update({ where: { id: live.id }, data: { revokedAt: new Date() } });
    expect(await auth.agent(live.secret)).toBeDefined(); // cached until told
    auth.invalidate();
    expect(await auth.agent(live.secret)).toBeUndefined();
    expect(reads.count).toBe(2);
  });

  it("reloads after maxCacheAgeMs, so another replica's revocation is seen", async () => {
    const key = await insertKey({ allAgents: true });
    let now = Date.now();
    const { auth } = authenticator({ now: () => now, maxCacheAgeMs: 30_000 });
    expect(await auth.agent(key.secret)).toBeDefined();
    await database().prisma.agentKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    now += 30_000;
    expect(await auth.agent(key.secret)).toBeUndefined();
  });

  it("writes last_used_at for the keys used since the last batch, in one statement", async () => {
    const used = await insertKey({ allAgents: true });
    const unused = await insertKey({ allAgents: true });
    const { auth } = authenticator();
    for (let i = 0; i < 50; i++) auth.recordUse(used.id);
    auth.recordUse(null);
    await auth.flushUses();
    const rows = await database().prisma.agentKey.findMany({ where: { id: { in: [used.id, unused.id] } } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.lastUsedAt !== null]))).toEqual({ [used.id]: true, [unused.id]: false });
  });
});
