import { describe, expect, it } from "vitest";
import { insertAuditRequests } from "../../src/db/audit-requests.ts";
import { scanBody } from "../../src/proxy/body-scan.ts";
import { promptSha256 } from "../../src/proxy/prompt-hash.ts";
import { useMigratedDatabase } from "../helpers/database.ts";

const database = useMigratedDatabase();

describe("insertAuditRequests", () => {
  it("stores names literally (quotes, commas, new lines, unicode), NULL usage, and the prompt's hash", async () => {
    const tricky = ['a "quoted", name', "line\nbreak", "\\N", "", " ✓ 账户 "];
    const body = { messages: [{ role: "user", content: "do not store this text" }] };
    const raw = Buffer.from(JSON.stringify(body));
    const hash = promptSha256(raw, scanBody(raw, ["messages"]), ["messages"]);
    await insertAuditRequests(
      database(),
      tricky.map((name, i) => ({
        agentId: name, profileName: `p${name}`, modelName: `m${name}`, stream: i % 2 === 0, status: 200 + i, latencyMs: i,
        promptTokens: i === 0 ? null : i, completionTokens: null, totalTokens: i === 0 ? null : i, cachedTokens: null,
        providerType: "openai" as const, dialect: i % 2 === 0 ? ("chat" as const) : ("messages" as const), promptSha256: hash,
        actor: "legacy agent key", keyId: null, errorType: null,
      })),
    );
    const rows = await database().prisma.auditRequest.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.agentId, r.profileName, r.modelName, r.stream, r.status, r.promptTokens])).toEqual(
      tricky.map((name, i) => [name, `p${name}`, `m${name}`, i % 2 === 0, 200 + i, i === 0 ? null : i]),
    );
    expect(rows.every((r) => r.promptSha256 === hash && r.createdAt instanceof Date)).toBe(true);
    expect(rows.map((r) => r.dialect)).toEqual(tricky.map((_, i) => (i % 2 === 0 ? "chat" : "messages")));
  });
});
