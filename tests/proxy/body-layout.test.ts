import { describe, expect, it } from "vitest";
import { bodyLayout } from "../../src/proxy/body-layout.ts";

const layoutOf = (text: string | Buffer) => {
  const raw = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { raw, layout: bodyLayout(raw, JSON.parse(raw.toString("utf8")) as Record<string, unknown>, ["messages"]) };
};
const compactText = (text: string | Buffer) => {
  const { raw, layout } = layoutOf(text);
  const span = layout?.compactPrompt?.[0];
  return span ? raw.toString("utf8", ...span) : undefined;
};

describe("bodyLayout: model values", () => {
  it("finds every top-level model value, also under an escaped key, and none nested", () => {
    const text = '{"model":"a","tools":[{"model":"nested"}],"messages":[{"role":"user","content":"\\"model\\":1"}],"mod\\u0065l":null}';
    const { raw, layout } = layoutOf(text);
    expect(layout!.model.map(([start, end]) => raw.toString("utf8", start, end))).toEqual(['"a"', "null"]);
  });

  it("finds none when there is none", () => {
    expect(layoutOf('{"messages":[]}').layout!.model).toEqual([]);
  });
});

describe("bodyLayout: depth", () => {
  it.each([
    ["{}", 1],
    ['{"messages":[]}', 2],
    ['{"messages":[{"content":[{"type":"text"}]}],"x":"[[[["}', 5],
    ['{"a":[],"b":{"c":{"d":[[]]}}}', 5],
  ])("%s nests %i deep", (text, depth) => {
    expect(layoutOf(text).layout!.depth).toBe(depth);
  });
});

describe("bodyLayout: messages JSON.stringify would write byte for byte", () => {
  it.each([
    ["plain text", [{ role: "user", content: "hi" }]],
    ["escapes JSON.stringify uses", [{ role: "system", content: 'line\nnext\ttab "quoted" back\\slash \b\f\r \u0001 \u001f' }]],
    ["non-ASCII and U+2028 as they are", [{ role: "user", content: "café 账户 😀 \u2028 \u007f" }]],
    ["tool calls, null content, nested objects", [
      { role: "assistant", content: null, tool_calls: [{ id: "callab1", type: "function", function: { name: "f", arguments: '{"a":[1,2]}' } }] },
      { role: "tool", tool_call_id: "callab1", content: [{ type: "text", text: "ok" }] },
    ]],
  ])("uses the agent's bytes for %s", (_name, messages) => {
    const text = JSON.stringify({ model: "m", stream: true, messages, temperature: 0.5 });
    expect(compactText(text)).toBe(JSON.stringify(messages));
  });

  it.each([
    ["spaced JSON", '{"messages": [ {"role":"user","content":"hi"} ]}'],
    ["a space after a colon", '{"messages":[{"role": "user","content":"hi"}]}'],
    ["an escaped slash", '{"messages":[{"role":"user","content":"a\\/b"}]}'],
    ["a \\u escape of a printable character", '{"messages":[{"role":"user","content":"caf\\u00e9"}]}'],
    ["a \\u escape of a control character with a short form", '{"messages":[{"role":"user","content":"a\\u000ab"}]}'],
    ["upper-case hex", '{"messages":[{"role":"user","content":"a\\u001Fb"}]}'],
    ["an escaped surrogate pair", '{"messages":[{"role":"user","content":"\\ud83d\\ude00"}]}'],
    ["a number", '{"messages":[{"role":"user","content":"hi","n":1.0}]}'],
    ["a negative number", '{"messages":[{"role":"user","content":"hi","n":-1}]}'],
    ["a duplicate key", '{"messages":[{"role":"user","role":"user","content":"hi"}]}'],
    ["an array-index key (JavaScript reorders those)", '{"messages":[{"role":"user","content":"hi","1":"x"}]}'],
    ["messages named twice", '{"messages":[{"role":"user","content":"a"}],"messages":[{"role":"user","content":"b"}]}'],
  ])("does not use the agent's bytes for %s", (_name, text) => {
    expect(compactText(text)).toBeUndefined();
  });

  it("does not use bytes that are not valid UTF-8", () => {
    const raw = Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"a'), Buffer.from([0xff]), Buffer.from('"}]}')]);
    expect(compactText(raw)).toBeUndefined();
  });

  it("never takes bytes that differ from JSON.stringify's, on generated bodies", () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const pieces = ["a", " ", '"', "\\", "\n", "\u0000", "\u001f", "\u007f", "é", "😀", "\u2028", "/", "1", ":", ","];
    const text = () => Array.from({ length: Math.floor(random() * 5) }, () => pick(pieces)).join("");
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 2 ? 3 : 5));
      if (kind === 0) return text();
      if (kind === 1) return pick([true, false, null, 0, -1, 2.5, 1e21]);
      if (kind === 2) return text();
      if (kind === 3) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 3) }, () => [pick(["role", "content", "7", text()]), value(depth + 1)]));
    };
    const respell = (json: string) =>
      pick([
        json,
        json,
        json.replace(/\//g, "\\/"),
        json.replace(/é/g, "\\u00e9"),
        json.replace(/,/g, ", "),
        json.replace(/"role":/, '"role":"dup","role":'),
        json.replace(/\\u001f/g, "\\u001F"),
      ]);
    let taken = 0;
    for (let i = 0; i < 2000; i++) {
      const messages = Array.from({ length: 1 + Math.floor(random() * 3) }, () => value(1));
      const text = `{"model":"m","messages":${respell(JSON.stringify(messages))}}`;
      const found = compactText(text);
      if (found === undefined) continue;
      taken++;
      expect(found).toBe(JSON.stringify((JSON.parse(text) as { messages: unknown }).messages));
    }
    expect(taken).toBeGreaterThan(200);
  });
});
