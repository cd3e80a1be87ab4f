import { describe, expect, it } from "vitest";
import { bearerToken, keyMatcher, presentedAgentKey } from "../../src/auth/keys.ts";

describe("keyMatcher", () => {
  it.each([
    ["the same key", "k-0123456789abcdef", true],
    ["one character off", "k-0123456789abcdeF", false],
    ["a prefix", "k-0123456789abcde", false],
    ["the key plus a character", "k-0123456789abcdef0", false],
    ["empty", "", false],
    ["absent", undefined, false],
  ])("%s", (_name, presented, expected) => {
    expect(keyMatcher("k-0123456789abcdef")(presented)).toBe(expected);
  });
});

describe("bearerToken", () => {
  it.each([
    ["Bearer abc", "abc"],
    ["bearer abc", "abc"],
    ["Bearer  abc ", "abc"],
    ["Basic abc", undefined],
    ["Bearer", undefined],
    ["Bearer a b", undefined],
    [undefined, undefined],
  ])("%s → %s", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe("presentedAgentKey", () => {
  it.each([
    ["a bearer token (OpenAI SDKs)", { authorization: "Bearer msk_a" }, "msk_a"],
    ["x-api-key (Anthropic SDKs)", { "x-api-key": "msk_b" }, "msk_b"],
    ["both: the bearer token wins", { authorization: "Bearer msk_a", "x-api-key": "msk_b" }, "msk_a"],
    ["an empty x-api-key", { "x-api-key": "" }, undefined],
    ["x-api-key sent twice", { "x-api-key": ["msk_a", "msk_b"] }, undefined],
    ["nothing", {}, undefined],
  ])("%s", (_name, headers, expected) => {
    expect(presentedAgentKey(headers)).toBe(expected);
  });
});
