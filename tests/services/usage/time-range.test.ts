import { describe, expect, it } from "vitest";
import { ceilTo, floorTo, parseInstant, timeRange } from "../../../src/services/usage/time-range.ts";

const now = new Date("2026-11-25T12:34:56Z");

describe("time ranges", () => {
  it("read RFC 3339 times and lengths of time before now", () => {
    expect(parseInstant("2026-11-01T00:00:00Z", now, "since").toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(parseInstant("2026-11-01T02:00:00+02:00", now, "since").toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(parseInstant("30m", now, "since").toISOString()).toBe("2026-11-25T12:04:56.000Z");
    expect(parseInstant("7d", now, "since").toISOString()).toBe("2026-11-18T12:34:56.000Z");
  });

  it("refuse anything else with a message naming the parameter", () => {
    expect(() => parseInstant("last week", now, "until")).toThrow(/until must be a time such as/);
    expect(() => parseInstant("2026-11-01", now, "since")).toThrow(/since must be/);
  });

  it("default to the span before until, and want since before until", () => {
    expect(timeRange({}, now, 86_400_000)).toEqual({ since: new Date("2026-11-24T12:34:56Z"), until: now });
    expect(() => timeRange({ since: "1h", until: "2h" }, now, 1)).toThrow(/must be earlier than until/);
  });

  it("round to whole UTC hours and days", () => {
    expect(floorTo("hour", now).toISOString()).toBe("2026-11-25T12:00:00.000Z");
    expect(ceilTo("day", now).toISOString()).toBe("2026-11-26T00:00:00.000Z");
    expect(ceilTo("hour", new Date("2026-11-25T12:00:00Z")).toISOString()).toBe("2026-11-25T12:00:00.000Z");
  });
});
