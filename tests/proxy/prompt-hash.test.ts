import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { promptSha256 } from "../../src/proxy/prompt-hash.ts";

describe("promptSha256", () => {
  it("is the SHA-256 (hex) of the messages' compact JSON, however the agent spaced its own", () => {
    const spaced = JSON.parse('[ { "role" : "user", "content" : "hi" } ]') as unknown;
    expect(promptSha256(spaced)).toBe(createHash("sha256").update('[{"role":"user","content":"hi"}]').digest("hex"));
    expect(promptSha256([{ role: "user", content: "hi" }])).toBe(promptSha256(spaced));
    expect(promptSha256([{ role: "user", content: "hi!" }])).not.toBe(promptSha256(spaced));
  });
});
