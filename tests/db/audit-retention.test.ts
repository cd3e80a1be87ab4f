import { describe, expect, it } from "vitest";
import { startAuditRetention } from "../../src/db/audit-retention.ts";
import { useMigratedDatabase } from "../helpers/database.ts";
import { capturingLogger } from "../helpers/log-capture.ts";

const database = useMigratedDatabase();

describe("audit retention", () => {
  it("deletes request audit rows older than AUDIT_RETENTION_DAYS, in batches, and keeps the rest", async () => {
    const day = 86_400_000;
    const row = (agentId: string, age: number) => ({
      agentId, profileName: "p", modelName: "m", stream: false, status: 200, latencyMs: 1, promptSha256: "0", createdAt: new Date(Date.now() - age),
    });
    await database().prisma.auditRequest.createMany({ data: Array.from({ length: 4_500 }, () => row("old", 8 * day)) });
    await database().prisma.auditRequest.createMany({ data: [row("recent", 6 * day), row("today", 0)] });
    const { logger, lines } = capturingLogger();
    const retention = startAuditRetention({ database: database(), days: 7, logger });
    try {
      expect(await retention.runOnce()).toBe(4_500);
    } finally {
      await retention.stop();
    }
    const left = await database().prisma.auditRequest.findMany({ select: { agentId: true }, orderBy: { id: "asc" } });
    expect(left.map((r) => r.agentId)).toEqual(["recent", "today"]);
    expect(lines.find((l) => l.msg === "deleted request audit rows past AUDIT_RETENTION_DAYS")).toMatchObject({ rows: 4_500 });
    // Usage rollups outlive the rows they sum.
    const [kept] = await database().query<{ requests: number }>(`SELECT sum("requests")::float8 AS "requests" FROM "usage_hourly" WHERE "agent_id" = 'old'`);
    expect(kept?.requests).toBe(4_500);
  });
});
