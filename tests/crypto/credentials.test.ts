import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveSealingKey, maskApiKey, openCredentials, sealCredentials } from "../../src/crypto/credentials.ts";

const key = randomBytes(32);
const context = "3f1c7a52-1111-4222-8333-444455556666";

describe("sealCredentials / openCredentials", () => {
  it("round-trips and never contains the plain key", () => {
    const sealed = sealCredentials(key, context, { api_key: "sk-plain-secret" });
    expect(sealed).not.toContain("sk-plain-secret");
    expect(openCredentials(key, context, sealed, "p")).toEqual({ api_key: "sk-plain-secret" });
  });

  it("uses a fresh IV each time", () => {
    const a = sealCredentials(key, context, { api_key: "same" });
    const b = sealCredentials(key, context, { api_key: "same" });
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
    expect(Buffer.from(a.split(".")[1]!, "base64")).toHaveLength(12);
  });

  it.each([
    ["a flipped ciphertext byte", (s: string) => { const p = s.split("."); const b = Buffer.from(p[3]!, "base64"); b[0]! ^= 1; p[3] = b.toString("base64"); return p.join("."); }],
    ["a flipped tag byte", (s: string) => { const p = s.split("."); const b = Buffer.from(p[2]!, "base64"); b[0]! ^= 1; p[2] = b.toString("base64"); return p.join("."); }],
    ["a truncated value", (s: string) => s.slice(0, 20)],
    ["garbage", () => "not-sealed"],
  ])("rejects %s with a clear error", (_name, tamper) => {
    const sealed = tamper(sealCredentials(key, context, { api_key: "sk-x" }));
    expect(() => openCredentials(key, context, sealed, "work")).toThrow(/credentials of profile 'work' cannot be decrypted/);
  });

  it("rejects a wrong key and a ciphertext moved to another row", () => {
    const sealed = sealCredentials(key, context, { api_key: "sk-x" });
    expect(() => openCredentials(randomBytes(32), context, sealed, "p")).toThrow(/cannot be decrypted/);
    expect(() => openCredentials(key, "another-profile-id", sealed, "p")).toThrow(/cannot be decrypted/);
  });
});

describe("deriveSealingKey", () => {
  it("uses ROUTER_KMS_KEY when given, else SHA-256 of the admin key", () => {
    expect(deriveSealingKey(key, "admin")).toBe(key);
    expect(deriveSealingKey(undefined, "admin").toString("hex")).toBe(
      "8c6976e5b5410415bde908bd4dee15dfb167a9c873fc4bb8a81f6f2ab448a918",
    );
  });
});

describe("maskApiKey", () => {
  it.each([
    ["sk-proj-abcdefghijklmnop", "sk-…mnop"],
    ["sk-ant-api03-xyz-1234", "sk-…1234"],
    ["plainkeywithoutdash99", "…sh99"],
    ["short", "…"],
  ])("%s → %s", (apiKey, hint) => {
    expect(maskApiKey(apiKey)).toBe(hint);
  });
});
