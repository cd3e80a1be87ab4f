import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { promptSha256 } from "../../src/proxy/prompt-hash.ts";

describe("promptSha256", () => {
  it("is the SHA-256 (hex) of the messages' compact JSON", () => {
    const json = JSON.stringify(JSON.parse('[ { "role" : "user", "content" : "hi" } ]'));
    expect(json).toBe('[{"role":"user","content":"hi"}]');
    expect(promptSha256(json)).toBe(createHash("sha256").update('[{"role":"user","content":"hi"}]').digest("hex"));
    expect(promptSha256('[{"role":"user","content":"hi!"}]')).not.toBe(promptSha256(json));
  });
});
