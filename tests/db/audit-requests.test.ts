import { describe, expect, it } from "vitest";
import { insertAuditRequests } from "../../src/db/audit-requests.ts";
import { promptSha256 } from "../../src/proxy/prompt-hash.ts";
import { useMigratedDatabase } from "../helpers/database.ts";

const database = useMigratedDatabase();

describe("insertAuditRequests", () => {
  it("stores names literally (quotes, commas, new lines, unicode), NULL usage, and the prompt's hash", async () => {
    const tricky = ['a "quoted", name', "line\nbreak", "\\N", "", " ✓ 账户 "];
    const hash = promptSha256([{ role: "user", content: "do not store this text" }]);
    await insertAuditRequests(
      database(),
      tricky.map((name, i) => ({
        agentId: name, profileName: `p${name}`, modelName: `m${name}`, stream: i % 2 === 0, status: 200 + i, latencyMs: i,
        promptTokens: i === 0 ? null : i, completionTokens: null, totalTokens: i === 0 ? null : i, promptSha256: hash,
      })),
    );
    const rows = await database().prisma.auditRequest.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.agentId, r.profileName, r.modelName, r.stream, r.status, r.promptTokens])).toEqual(
      tricky.map((name, i) => [name, `p${name}`, `m${name}`, i % 2 === 0, 200 + i, i === 0 ? null : i]),
    );
    expect(rows.every((r) => r.promptSha256 === hash && r.createdAt instanceof Date)).toBe(true);
  });
});
