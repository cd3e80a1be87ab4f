import { describe, expect, it } from "vitest";
import { AuditQueue, type RequestAudit } from "../../src/audit/audit-queue.ts";
import { cleanTokenCount } from "../../src/audit/clean-usage.ts";
import { insertAuditRequests } from "../../src/db/audit-requests.ts";
import { useMigratedDatabase } from "../helpers/database.ts";
import { capturingLogger } from "../helpers/log-capture.ts";

const database = useMigratedDatabase();

const row = (agentId: string, usage: Partial<Record<"promptTokens" | "completionTokens" | "totalTokens", unknown>> = {}): RequestAudit =>
  ({ agentId, profileName: "p", modelName: "m", dialect: "chat", stream: false, status: 200, latencyMs: 5, promptTokens: 1, completionTokens: 2, totalTokens: 3, cachedTokens: null, promptSha256: "f".repeat(64), actor: "legacy agent key", keyId: null, ...usage }) as RequestAudit;

describe("cleanTokenCount", () => {
  it.each([
    [12, 12, undefined],
    [null, null, undefined],
    [3_000_000_000, 2_147_483_647, /larger than 2147483647.*clamped/],
    [1.5, null, /not a whole number/],
    ["12abc", null, /not a number/],
    [-4, null, /negative/],
    [Number.NaN, null, /not a number/],
  ])("stores %j as %j", (input, stored, reason) => {
    const result = cleanTokenCount(input);
    expect(result.value).toBe(stored);
    if (reason) expect(result.reason).toMatch(reason);
    else expect(result.reason).toBeUndefined();
  });
});

describe("AuditQueue", () => {
  it("writes a batch holding poisoned usage whole: the bad values clamped or nulled, each reason logged", async () => {
    const { logger, lines } = capturingLogger();
    const queue = new AuditQueue((rows) => insertAuditRequests(database(), rows), logger, { maxRows: 10_000 });
    const poisons = [3_000_000_000, 1.5, "12abc", -1, Number.NaN];
    for (let i = 0; i < 100; i++) queue.record(row("poison-good"));
    for (const poison of poisons) queue.record(row("poison-bad", { promptTokens: poison, totalTokens: poison }));
    await queue.flush();

    expect(await database().prisma.auditRequest.count({ where: { agentId: "poison-good" } })).toBe(100);
    const bad = await database().prisma.auditRequest.findMany({ where: { agentId: "poison-bad" }, orderBy: { id: "asc" } });
    expect(bad.map((r) => [r.promptTokens, r.completionTokens, r.totalTokens])).toEqual([
      [2_147_483_647, 2, 2_147_483_647], [null, 2, null], [null, 2, null], [null, 2, null], [null, 2, null],
    ]);
    const warnings = lines.filter((l) => l.msg === "provider usage did not fit the audit row; stored what fits");
    expect(warnings.map((w) => (w.problems as string[])[0])).toEqual([
      expect.stringMatching(/^promptTokens larger than/), expect.stringMatching(/^promptTokens not a whole number/),
      expect.stringMatching(/^promptTokens not a number/), expect.stringMatching(/^promptTokens negative/), expect.stringMatching(/^promptTokens not a number/),
    ]);
    expect(queue.status()).toMatchObject({ ok: true, written: 105, cleaned: 5, rejected: 0, dropped: 0 });
  });

  it("writes the rest of a batch when the database refuses one row, and logs and counts that row", async () => {
    const { logger, lines } = capturingLogger();
    const queue = new AuditQueue((rows) => insertAuditRequests(database(), rows), logger, { maxRows: 10_000 });
    queue.record(row("refused-before"));
    queue.record(row("refused-\u0000nul"));
    queue.record(row("refused-after"));
    await queue.flush();
    const stored = await database().prisma.auditRequest.findMany({ where: { agentId: { startsWith: "refused-" } }, select: { agentId: true } });
    expect(stored.map((r) => r.agentId).sort()).toEqual(["refused-after", "refused-before"]);
    expect(queue.status()).toMatchObject({ written: 2, rejected: 1, pending: 0 });
    expect(lines.some((l) => l.msg === "the database refused a request audit row")).toBe(true);
  });

  it("keeps rows while writes fail and writes them once the database takes them again", async () => {
    const { logger, lines } = capturingLogger();
    let down = true;
    const queue = new AuditQueue(
      async (rows) => {
        if (down) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
        await insertAuditRequests(database(), rows);
      },
      logger,
      { maxRows: 10_000, intervalMs: 20 },
    );
    for (let i = 0; i < 30; i++) queue.record(row("retried"));
    await queue.flush();
    expect(queue.status()).toMatchObject({ ok: false, pending: 30, written: 0, message: expect.stringMatching(/Audit writes are failing \(connect ECONNREFUSED/) });
    expect(lines.some((l) => l.msg === "could not write request audit rows; retrying")).toBe(true);
    down = false;
    await queue.drain(5_000);
    expect(await database().prisma.auditRequest.count({ where: { agentId: "retried" } })).toBe(30);
    expect(queue.status()).toMatchObject({ ok: true, pending: 0, written: 30, dropped: 0 });
  });

  it("counts and logs what overflows its bound, and reports it", async () => {
    const { logger, lines } = capturingLogger();
    const queue = new AuditQueue(async () => Promise.reject(Object.assign(new Error("down"), { code: "ECONNREFUSED" })), logger, { maxRows: 5, intervalMs: 10_000 });
    for (let i = 0; i < 8; i++) queue.record(row("overflow"));
    expect(queue.status()).toMatchObject({ ok: false, pending: 5, dropped: 3, message: expect.stringMatching(/3 audit rows were lost because the queue \(AUDIT_QUEUE_MAX_ROWS=5\) was full/) });
    expect(lines.find((l) => l.msg === "request audit queue is full; rows were dropped")).toMatchObject({ dropped: 1, maxRows: 5 });
    await queue.drain(0);
    expect(queue.status()).toMatchObject({ pending: 0, dropped: 8 });
    expect(lines.some((l) => l.msg === "could not write request audit rows before exit; they are lost" && l.rows === 5)).toBe(true);
  });
});
