import { describe, expect, it } from "vitest";
import { AGENT_STRING_BYTES, agentStrings, stringifyWithAgentStrings } from "../../src/proxy/agent-strings.ts";
import { scanBody } from "../../src/proxy/body-scan.ts";

const long = (text: string) => text.repeat(Math.ceil(AGENT_STRING_BYTES / text.length) + 1);
const stringsOf = (raw: Buffer) => agentStrings(raw, scanBody(raw, []).longStrings);
const asText = (out: string | Buffer) => (typeof out === "string" ? out : out.toString("utf8"));

describe("agentStrings", () => {
  it("keeps each long string the agent sent, by its text, with the agent's own bytes", () => {
    const escaped = `"${long("caf\\u00e9 \\/ \\n ")}"`;
    const raw = Buffer.from(`{"system":${escaped},"messages":[{"content":"short"}]}`);
    const strings = stringsOf(raw);
    expect([...strings.keys()]).toEqual([JSON.parse(escaped)]);
    expect(strings.get(JSON.parse(escaped) as string)!.toString()).toBe(escaped);
  });

  it("leaves out a string whose escapes are not valid JSON (the scan does not check them)", () => {
    const raw = Buffer.from(`{"s":"${long("a\\q")}"}`);
    expect(stringsOf(raw).size).toBe(0);
  });
});

describe("stringifyWithAgentStrings", () => {
  it("is JSON.stringify when the agent sent no long strings", () => {
    const value = { a: [1, "x", null, true, undefined], b: { c: undefined, d: -0.5 }, e: "é\n" };
    expect(stringifyWithAgentStrings(value, new Map())).toBe(JSON.stringify(value));
  });

  it("writes the agent's long strings as the agent's bytes, everything else as JSON.stringify does", () => {
    const escaped = `"${long('line\\nwith \\"quotes\\" and caf\\u00e9 ')}"`;
    const raw = Buffer.from(`{"system":${escaped}}`);
    const prompt = JSON.parse(escaped) as string;
    const value = {
      model: "m",
      messages: [{ role: "system", content: prompt }, { role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
      skipped: undefined,
      list: [undefined, () => 1, 2],
    };
    const out = asText(stringifyWithAgentStrings(value, stringsOf(raw)));
    expect(out).toContain(escaped);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(out.replace(escaped, JSON.stringify(prompt))).toBe(JSON.stringify(value));
  });

  it("agrees with JSON.stringify on generated data, whatever strings the agent sent", () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const pieces = ["a", "é", "😀", "\n", '"', "\\", "/", "\u2028", "\u0001", " "];
    const text = (size: number) => Array.from({ length: size }, () => pick(pieces)).join("");
    for (let i = 0; i < 200; i++) {
      const prompts = [text(AGENT_STRING_BYTES), text(2 * AGENT_STRING_BYTES), text(10)];
      // The agent may spell its strings with any valid escapes: \/ and \u forms included.
      const spelt = prompts.map((p) => JSON.stringify(p).replace(/\//g, pick(["/", "\\/"])).replace(/é/g, pick(["é", "\\u00e9", "\\u00E9"])));
      const raw = Buffer.from(`{"a":[${spelt.join(",")}]}`);
      const value = { messages: prompts.map((content) => ({ role: pick(["user", "system"]), content })), n: random(), flag: random() < 0.5 };
      const out = asText(stringifyWithAgentStrings(value, stringsOf(raw)));
      expect(JSON.parse(out)).toEqual(value);
    }
  });
});
