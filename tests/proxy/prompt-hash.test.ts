import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, promptSha256 } from "../../src/proxy/prompt-hash.ts";

describe("promptSha256", () => {
  it("is the SHA-256 of the canonical JSON, equal for equal prompts whatever the key order", () => {
    const a = [{ role: "user", content: "hi" }];
    const b = [{ content: "hi", role: "user" }];
    expect(canonicalJson(b)).toBe('[{"content":"hi","role":"user"}]');
    expect(promptSha256(a)).toBe(promptSha256(b));
    expect(promptSha256(a)).toBe(createHash("sha256").update('[{"content":"hi","role":"user"}]').digest("hex"));
    expect(promptSha256([{ role: "user", content: "hi!" }])).not.toBe(promptSha256(a));
  });
});
