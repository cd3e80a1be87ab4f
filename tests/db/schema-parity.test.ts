import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useMigratedDatabase } from "../helpers/database.ts";

// schema.prisma is what the generated client believes; migration.sql is what the database has.
// Writing and reading every field of every model through the client proves they agree.
const database = useMigratedDatabase();

describe("schema.prisma and the migration SQL", () => {
  it("agree on every field of every model", async () => {
    const at = new Date("2026-03-01T13:00:00.123Z");
    const profile = {
      id: randomUUID(), profileName: "p ✓", providerType: "openai_compatible" as const, baseUrl: "http://x",
      credentialsCiphertext: "v1.a.b.c", keyHint: "sk-…abcd", responsesApi: true, createdAt: at, updatedAt: at,
    };
    expect(await database().prisma.profile.create({ data: profile })).toMatchObject({ ...profile, updatedAt: expect.any(Date) });

    const model = {
      id: randomUUID(), profileId: profile.id, modelName: "m", enabled: false, tags: ["a", "b c"], maxTokens: 123,
      inputPricePerMtok: 2.5, outputPricePerMtok: 10, cachedInputPricePerMtok: 1.25, priceSource: "admin", createdAt: at, updatedAt: at,
    };
    expect(await database().prisma.model.create({ data: model })).toMatchObject({ ...model, updatedAt: expect.any(Date) });

    const agent = { agentId: "agent ✓", profileId: profile.id, modelId: model.id, since: at };
    expect(await database().prisma.agentState.create({ data: agent })).toEqual(agent);

    const sw = {
      agentId: "a", fromProfile: "x", fromModel: "y", toProfile: "p", toModel: "m", switchedAt: at, via: "mcp", actor: "key k (id)",
      keyId: randomUUID(), rollbackOf: 7n,
    };
    expect(await database().prisma.auditSwitch.create({ data: sw })).toEqual({ id: expect.any(BigInt), ...sw });

    const scheduled = {
      id: randomUUID(), agentId: "a", kind: "switch", profileName: "p", modelName: "m", verify: true, runAt: at, until: at,
      status: "applied", outcome: "o", revertOf: null, historyId: 9n, actor: "admin", createdAt: at, appliedAt: at,
    };
    expect(await database().prisma.scheduledSwitch.create({ data: scheduled })).toEqual(scheduled);
    const revert = { ...scheduled, id: randomUUID(), kind: "revert", revertOf: scheduled.id };
    expect(await database().prisma.scheduledSwitch.create({ data: revert })).toEqual(revert);

    const req = {
      agentId: "a", profileName: "p", modelName: "m", stream: true, status: 200, latencyMs: 12, promptTokens: 1,
      completionTokens: 2, totalTokens: 3, cachedTokens: 1, dialect: "responses", promptSha256: "f".repeat(64), createdAt: at,
      actor: "legacy agent key", keyId: randomUUID(),
    };
    expect(await database().prisma.auditRequest.create({ data: req })).toEqual({ id: expect.any(BigInt), ...req });

    const rollup = {
      hour: at, agentId: "a", profileName: "p", modelName: "m", requests: 2n, errors: 1n, inputTokens: 10n, outputTokens: 3n,
      cachedTokens: 4n, latencyCounts: Array.from({ length: 14 }, (_, i) => BigInt(i)), latencyMaxMs: 900,
    };
    expect(await database().prisma.usageHourly.create({ data: rollup })).toEqual(rollup);

    const key = {
      id: randomUUID(), name: "k ✓", secretSha256: "a".repeat(64), keyHint: "msk_…abcd", allAgents: false, agentIds: ["a", "b c"],
      scopes: ["call", "read"], expiresAt: at, revokedAt: at, lastUsedAt: at, createdAt: at,
    };
    expect(await database().prisma.agentKey.create({ data: key })).toEqual(key);

    const allowed = { id: randomUUID(), agentId: "a", profileName: "p ✓", modelName: "m" };
    expect(await database().prisma.agentAllowedModel.create({ data: allowed })).toEqual(allowed);

    // Read back through fresh queries, with relations, as the services do.
    const read = await database().prisma.agentState.findUniqueOrThrow({ where: { agentId: "agent ✓" }, include: { profile: true, model: true } });
    expect(read.profile).toMatchObject(profile);
    expect(read.model).toMatchObject(model);
  });

  it("has the defaults and constraints the schema declares", async () => {
    const id = randomUUID();
    await database().prisma.profile.create({
      data: { id, profileName: "defaults", providerType: "anthropic", baseUrl: "http://x", credentialsCiphertext: "c", keyHint: "h" },
    });
    expect(await database().prisma.profile.findUniqueOrThrow({ where: { id } })).toMatchObject({ responsesApi: false });
    const m = await database().prisma.model.create({ data: { id: randomUUID(), profileId: id, modelName: "d" } });
    expect(m).toMatchObject({ enabled: true, tags: [], maxTokens: null });
    await expect(database().prisma.model.create({ data: { id: randomUUID(), profileId: id, modelName: "d" } })).rejects.toMatchObject({ code: "P2002" });
    const nullable = await database().prisma.auditRequest.create({
      data: { agentId: "a", profileName: "p", modelName: "m", stream: false, status: 502, latencyMs: 1, promptSha256: "0" },
    });
    expect(nullable).toMatchObject({ promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null, dialect: "chat", actor: null, keyId: null });
    const key = await database().prisma.agentKey.create({ data: { id: randomUUID(), name: "d", secretSha256: "d", keyHint: "h", scopes: ["call"] } });
    expect(key).toMatchObject({ allAgents: false, agentIds: [], expiresAt: null, revokedAt: null, lastUsedAt: null, createdAt: expect.any(Date) });
    await expect(
      database().prisma.agentKey.create({ data: { id: randomUUID(), name: "d", secretSha256: "e", keyHint: "h", scopes: [] } }),
    ).rejects.toMatchObject({ code: "P2002" });
    const anyModel = await database().prisma.agentAllowedModel.create({ data: { id: randomUUID(), agentId: "a", profileName: "p" } });
    expect(anyModel.modelName).toBeNull();
    const sw = await database().prisma.auditSwitch.create({ data: { agentId: "a", toProfile: "p", toModel: "m" } });
    expect(sw).toMatchObject({ via: "api", actor: null, keyId: null, rollbackOf: null });
    const scheduled = await database().prisma.scheduledSwitch.create({ data: { id: randomUUID(), agentId: "a", kind: "switch", runAt: new Date() } });
    expect(scheduled).toMatchObject({ status: "pending", verify: false, until: null, revertOf: null, historyId: null, appliedAt: null });
  });
});
