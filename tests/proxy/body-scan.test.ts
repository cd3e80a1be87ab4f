import { describe, expect, it } from "vitest";
import { BodySyntaxError, BodyTooDeepError, scanBody } from "../../src/proxy/body-scan.ts";

const scanOf = (text: string | Buffer) => {
  const raw = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { raw, scan: scanBody(raw, ["messages"]) };
};
const compactText = (text: string | Buffer) => {
  const { raw, scan } = scanOf(text);
  const value = scan.values.get("messages");
  return value?.compact ? raw.toString("utf8", ...value.span) : undefined;
};

describe("scanBody: model values", () => {
  it("finds every top-level model value, also under an escaped key, and none nested", () => {
    const text = '{"model":"a","tools":[{"model":"nested"}],"messages":[{"role":"user","content":"\\"model\\":1"}],"mod\\u0065l":null}';
    const { raw, scan } = scanOf(text);
    expect(scan.models.map(([start, end]) => raw.toString("utf8", start, end))).toEqual(['"a"', "null"]);
  });

  it("finds none when there is none", () => {
    expect(scanOf('{"messages":[]}').scan.models).toEqual([]);
  });
});

describe("scanBody: top-level values", () => {
  it("tells each value's kind, whether a container is empty, and keeps the last of a repeated key", () => {
    const { raw, scan } = scanOf('{ "a" : [ ] , "b":{"x":1},"c":"s","d":-1.5e3,"e":true,"f":false,"g":null,"a":[1]}');
    const seen = Object.fromEntries([...scan.values].map(([key, v]) => [key, [v.kind, v.empty, raw.toString("utf8", ...v.span)]]));
    expect(seen).toEqual({
      a: ["array", false, "[1]"],
      b: ["object", false, '{"x":1}'],
      c: ["string", false, '"s"'],
      d: ["number", false, "-1.5e3"],
      e: ["true", false, "true"],
      f: ["false", false, "false"],
      g: ["null", false, "null"],
    });
    expect(scanOf('{"messages":[ \n ]}').scan.values.get("messages")).toMatchObject({ kind: "array", empty: true });
  });
});

describe("scanBody: depth", () => {
  it.each([
    ["{}", 1],
    ['{"messages":[]}', 2],
    ['{"messages":[{"content":[{"type":"text"}]}],"x":"[[[["}', 5],
    ['{"a":[],"b":{"c":{"d":[[]]}}}', 5],
  ])("%s nests %i deep", (text, depth) => {
    expect(scanOf(text).scan.depth).toBe(depth);
  });
});

describe("scanBody: depth limit", () => {
  it("stops at the limit, before reading the rest of a body of brackets", () => {
    const raw = Buffer.from(`{"a":${"[".repeat(1_000_000)}`);
    expect(() => scanBody(raw, [], 100)).toThrow(BodyTooDeepError);
    expect(() => scanBody(raw, [], 100)).toThrow("more than 100 levels deep");
    expect(scanBody(Buffer.from(`{"a":${"[".repeat(99)}${"]".repeat(99)}}`), [], 100).depth).toBe(100);
  });
});

describe("scanBody: JSON grammar", () => {
  it.each([
    ["an empty body", ""],
    ["a truncated object", '{"model":"x","messages":[{"role":"user"'],
    ["an unterminated string", '{"model":"x'],
    ["a string that ends in an escaped quote", '{"model":"x\\"}'],
    ["a trailing comma in an object", '{"model":"x",}'],
    ["a trailing comma in an array", '{"messages":[1,]}'],
    ["a missing comma", '{"model":"x" "stream":true}'],
    ["a missing colon", '{"model" "x"}'],
    ["a missing colon inside", '{"messages":[{"role" "user"}]}'],
    ["an unquoted key", "{model:1}"],
    ["a single-quoted string", "{'model':'x'}"],
    ["a bad literal", '{"stream":tru}'],
    ["a capitalised literal", '{"stream":True}'],
    ["a bad number", '{"n":01}'],
    ["a number without digits after the point", '{"n":1.}'],
    ["an exponent without digits", '{"n":1e}'],
    ["a plus sign", '{"n":+1}'],
    ["NaN", '{"n":NaN}'],
    ["a mismatched bracket", '{"messages":[}'],
    ["a second value after the object", '{"a":1}{"b":2}'],
    ["text after the object", '{"a":1} x'],
    ["a comment", '{"a":1 /* no */}'],
  ])("refuses %s, as JSON.parse does", (_name, text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(() => scanOf(text)).toThrow(BodySyntaxError);
  });

  it.each([["an array", "[1]"], ["a string", '"x"'], ["a number", "1"]])("refuses %s: the body must be an object", (_name, text) => {
    expect(() => scanOf(text)).toThrow("expected '{' (the body must be a JSON object) at byte 0");
  });

  it.each([
    ["a raw control character", '{"s":"a\tb"}'],
    ["an invalid escape", '{"s":"a\\qb"}'],
    ["a short \\u escape", '{"s":"\\u12"}'],
  ])("leaves %s inside a string to the provider, which refuses it", (_name, text) => {
    expect(() => JSON.parse(text)).toThrow(/control character|escape/i);
    expect(scanOf(text).scan.values.get("s")?.kind).toBe("string");
  });

  it("says where the body went wrong", () => {
    expect(() => scanOf('{"model":"x",}')).toThrow("expected a quoted key at byte 13");
    expect(() => scanOf('{"model":"x"')).toThrow("expected ',' or '}' after a value, but the body ends at byte 12");
  });

  it("agrees with JSON.parse on generated bodies and on every cut and one-byte change of them", () => {
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const text = () => Array.from({ length: Math.floor(random() * 4) }, () => pick(["a", '"', "\\", "}", "é", "\n", ":", ","])).join("");
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 3 ? 3 : 5));
      if (kind === 0) return text();
      if (kind === 1) return pick([true, false, null, 0, -1, 2.5, 1e21, -0.25e-7]);
      if (kind === 2) return text();
      if (kind === 3) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 3) }, () => [text(), value(depth + 1)]));
    };
    // Bytes a change may bring in: JSON's structure, and what is wrong in it (but never a control character,
    // which the scan leaves to the provider inside strings).
    const bytes = ['"', "\\", "{", "}", "[", "]", ",", ":", " ", "1", "-", ".", "e", "t", "n", "u", "x", "0"];
    const agree = (candidate: string) => {
      let parsed = true;
      try {
        const value = JSON.parse(candidate) as unknown;
        parsed = typeof value === "object" && value !== null && !Array.isArray(value);
      } catch (err) {
        if (/control character|escape/i.test((err as Error).message)) return; // left to the provider
        parsed = false;
      }
      let scanned = true;
      try {
        scanOf(candidate);
      } catch (err) {
        expect(err).toBeInstanceOf(BodySyntaxError);
        scanned = false;
      }
      expect([candidate, scanned]).toEqual([candidate, parsed]);
    };
    for (let i = 0; i < 300; i++) {
      const body = Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 3) }, () => [text(), value(1)]));
      const json = random() < 0.5 ? JSON.stringify(body) : JSON.stringify(body, null, pick([1, "\t"]));
      agree(json);
      for (let cut = 0; cut < json.length; cut += 1 + Math.floor(random() * 4)) agree(json.slice(0, cut));
      for (let n = 0; n < 20; n++) {
        const at = Math.floor(random() * json.length);
        agree(json.slice(0, at) + pick(bytes) + json.slice(at + pick([0, 1])));
      }
    }
  });
});

describe("scanBody: prompt values JSON.stringify would write byte for byte", () => {
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
  ])("does not use the agent's bytes for %s", (_name, text) => {
    expect(compactText(text)).toBeUndefined();
  });

  it("uses the last value of a prompt key named twice, which is the one JSON.parse keeps", () => {
    expect(compactText('{"messages":[{"role":"user","content":"a"}],"messages":[{"role":"user","content":"b"}]}')).toBe('[{"role":"user","content":"b"}]');
  });

  it("leaves an object with very many keys to re-serialising, in linear time", () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `"k${String(i).padStart(6, "0")}":"v"`).join(",");
    const started = performance.now();
    const { scan } = scanOf(`{"messages":[{${keys}}]}`);
    expect(scan.values.get("messages")?.compact).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
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
