import { describe, expect, it } from "vitest";
import { newId } from "../../../src/inbound/responses/response-object.ts";

describe("newId", () => {
  it("gives the prefix and 24 random bytes in hex, never the same id twice, also across refills of its random bytes", () => {
    const ids = Array.from({ length: 2_000 }, () => newId("resp"));
    for (const id of ids) expect(id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
