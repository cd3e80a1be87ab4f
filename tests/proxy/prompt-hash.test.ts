import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { scanBody } from "../../src/proxy/body-scan.ts";
import { promptSha256 } from "../../src/proxy/prompt-hash.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
/** The hash as the proxy computes it: from the agent's bytes when they are compact, else re-serialised. */
const hashOf = (text: string, keys: string[]) => {
  const raw = Buffer.from(text);
  return promptSha256(raw, scanBody(raw, keys), keys);
};

describe("promptSha256", () => {
  it("chat: is the SHA-256 (hex) of JSON.stringify(messages), however the agent spaced its own", () => {
    const spaced = '{ "messages" : [ { "role" : "user", "content" : "hi" } ] }';
    expect(hashOf(spaced, ["messages"])).toBe(sha('[{"role":"user","content":"hi"}]'));
    expect(hashOf('{"messages":[{"role":"user","content":"hi"}]}', ["messages"])).toBe(hashOf(spaced, ["messages"]));
    expect(hashOf('{"messages":[{"role":"user","content":"hi!"}]}', ["messages"])).not.toBe(hashOf(spaced, ["messages"]));
  });

  it("messages: is the SHA-256 of JSON.stringify([system or null, messages]), spaced or compact", () => {
    const keys = ["system", "messages"];
    const messages = [{ role: "user", content: "hi" }];
    expect(hashOf(JSON.stringify({ system: "Be brief.", messages }), keys)).toBe(sha(JSON.stringify(["Be brief.", messages])));
    expect(hashOf(JSON.stringify({ system: "Be brief.", messages }, null, 2), keys)).toBe(sha(JSON.stringify(["Be brief.", messages])));
    expect(hashOf(JSON.stringify({ messages }), keys)).toBe(sha(JSON.stringify([null, messages])));
    expect(hashOf(JSON.stringify({ messages }, null, 1), keys)).toBe(sha(JSON.stringify([null, messages])));
  });

  it("re-serialises what the agent spelt differently: numbers, escapes, duplicate keys", () => {
    for (const text of [
      '{"messages":[{"role":"user","content":"hi","n":1.0}]}',
      '{"messages":[{"role":"user","content":"caf\\u00e9 a\\/b"}]}',
      '{"messages":[{"role":"x","role":"user","content":"hi"}]}',
    ]) {
      expect(hashOf(text, ["messages"])).toBe(sha(JSON.stringify((JSON.parse(text) as { messages: unknown }).messages)));
    }
  });
});
