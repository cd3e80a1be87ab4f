import { describe, expect, it } from "vitest";
import { scrubSecret } from "../../src/proxy/scrub-secret.ts";

const KEY = "sk-PROVSECRET-bigerr-123456";

describe("scrubSecret", () => {
  it("replaces every occurrence of the key", () => {
    expect(scrubSecret(`bad key ${KEY}; ${KEY} again`, KEY)).toBe("bad key [redacted]; [redacted] again");
  });

  it("removes the key before cutting the text to 500 characters, so no start of it is left at the cut", () => {
    const out = scrubSecret(`${"P".repeat(476)} ${KEY} is invalid`, KEY);
    expect(out).toBe(`${"P".repeat(476)} [redacted] is invalid`);
    const long = scrubSecret(`${"P".repeat(495)} ${KEY} ${"x".repeat(100)}`, KEY);
    expect(long).toBe(`${"P".repeat(495)} [red…`);
    expect(long).not.toContain("sk-P");
  });

  it("masks the start of a key a text was cut off in (a capped read)", () => {
    expect(scrubSecret(`invalid: ${KEY.slice(0, 10)}`, KEY)).toBe("invalid: [redacted]");
    expect(scrubSecret("ends in sk-P", KEY)).toBe("ends in [redacted]");
    expect(scrubSecret("ends in sk-", KEY)).toBe("ends in sk-");
  });

  it("takes a mask and a length of its own (the profile test shows the key's hint)", () => {
    expect(scrubSecret(`${KEY} refused ${"y".repeat(400)}`, KEY, { mask: "sk-…3456", max: 30 })).toBe("sk-…3456 refused yyyyyyyyyyyyy…");
  });

  it("leaves the text alone for a key too short to look for", () => {
    expect(scrubSecret("abc abc", "abc")).toBe("abc abc");
  });
});
