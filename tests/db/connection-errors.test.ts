import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "../../src/db/connection-errors.ts";

describe("isDatabaseUnreachable", () => {
  it("recognises network failures by code, Prisma kind or driver message, anywhere in the cause chain", () => {
    expect(isDatabaseUnreachable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnreachable(new Error("wrapped", { cause: { kind: "DatabaseNotReachable" } }))).toBe(true);
    expect(isDatabaseUnreachable(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
  });

  it("recognises Postgres ending the connection (57P01) as Prisma reports it: inside a known request error's meta", () => {
    // The shape Prisma 7 gives when pg_terminate_backend (a restart, a failover) ends a query's connection.
    const err = Object.assign(new Error("Invalid `tx.agentState.findMany()` invocation"), {
      name: "PrismaClientKnownRequestError",
      code: "P2039",
      meta: {
        modelName: "AgentState",
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: { originalCode: "57P01", kind: "postgres", code: "57P01", severity: "FATAL", message: "terminating connection due to administrator command" },
        },
      },
    });
    expect(isDatabaseUnreachable(err)).toBe(true);
  });

  it("does not take a refused query for an unreachable database", () => {
    const unique = { name: "PrismaClientKnownRequestError", code: "P2002", meta: { driverAdapterError: { cause: { kind: "postgres", code: "23505", message: "duplicate key" } } } };
    expect(isDatabaseUnreachable(unique)).toBe(false);
    expect(isDatabaseUnreachable(new Error("syntax error at or near"))).toBe(false);
  });
});
