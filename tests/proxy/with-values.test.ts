import { describe, expect, it } from "vitest";
import { withValues } from "../../src/proxy/with-values.ts";
import { scanBody } from "../../src/proxy/body-scan.ts";
import { AgentCall } from "../../src/proxy/read-call.ts";

const swap = (text: string, model = "active") => {
  const raw = Buffer.from(text);
  const out = withValues(new AgentCall(raw, scanBody(raw, ["messages"]), false, 0), { model });
  return typeof out === "string" ? out : out.toString("utf8");
};

describe("withValues, setting the model", () => {
  it.each([
    ["first", '{"model":"mine","messages":[]}', '{"model":"active","messages":[]}'],
    ["in the middle", '{"stream":true,"model":"mine","messages":[]}', '{"stream":true,"model":"active","messages":[]}'],
    ["last", '{"messages":[{"role":"user","content":"}"}],"model":"mine"}', '{"messages":[{"role":"user","content":"}"}],"model":"active"}'],
    ["spaced out", '{ "messages" : [ 1 , 2 ] ,\r\n\t"model"\n:\n"mine"\n}\n', '{ "messages" : [ 1 , 2 ] ,\r\n\t"model"\n:\n"active"\n}\n'],
    ["null", '{"model":null,"messages":[]}', '{"model":"active","messages":[]}'],
    ["a number", '{"messages":[],"model":-1.5e3 }', '{"messages":[],"model":"active" }'],
  ])("replaces only the value of a model key that comes %s", (_where, text, expected) => {
    expect(swap(text)).toBe(expected);
  });

  it("adds model in front when the agent sent none", () => {
    expect(swap('  {"messages":[]}')).toBe('{"model":"active","messages":[]}');
    expect(swap("{}")).toBe('{"model":"active"}');
  });

  it("leaves model keys inside nested values alone", () => {
    const text = '{"tools":[{"type":"function","function":{"name":"f","parameters":{"model":{"type":"string"}}}}],"messages":[{"role":"user","content":"\\"model\\":\\"x\\""}],"model":"mine"}';
    expect(JSON.parse(swap(text))).toEqual({ ...JSON.parse(text), model: "active" });
    expect(swap(text)).toBe(text.replace('"model":"mine"', '"model":"active"'));
  });

  it("reads strings whose escapes end in a backslash or hide a quote", () => {
    const text = '{"messages":[{"content":"a\\\\"},{"content":"\\\\\\"}"}],"x":"\\\\\\\\","model":"mine"}';
    expect(swap(text)).toBe(text.replace('"model":"mine"', '"model":"active"'));
  });

  it.each([
    ["twice", '{"model":"a","messages":[],"model":"b"}'],
    ["twice, once escaped", '{"model":"a","messages":[],"mod\\u0065l":"b"}'],
  ])("re-serialises a body that names model %s, so only the active model reaches the provider", (_how, text) => {
    const out = swap(text);
    expect(JSON.parse(out)).toEqual({ model: "active", messages: [] });
    expect(out.match(/model/g)).toHaveLength(1);
  });

  it.each([
    ["as long", '{"model":"abcdef","messages":[]}', '{"model":"active","messages":[]}'],
    ["longer, padded with spaces", '{"model":"a-much-longer-name","messages":[]}', '{"model":"active"            ,"messages":[]}'],
    ["an object, padded", '{"model":{"a":"}]","b":[{}]},"messages":[]}', '{"model":"active"           ,"messages":[]}'],
  ])("writes over the agent's value in place when it is %s, without copying the body", (_how, text, expected) => {
    const raw = Buffer.from(text);
    const out = withValues(new AgentCall(raw, scanBody(raw, ["messages"]), false, 0), { model: "active" });
    expect(out).toBe(raw);
    expect(out.toString()).toBe(expected);
  });

  it("escapes the model name as JSON", () => {
    expect(JSON.parse(swap('{"model":"x","messages":[]}', 'we"ird\\name'))).toEqual({ model: 'we"ird\\name', messages: [] });
  });

  it("agrees with parse-and-replace on generated bodies", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const text = () => Array.from({ length: Math.floor(random() * 6) }, () => pick(["a", '"', "\\", "}", "]", "é", "\n", "model", ":", ","])).join("");
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 2 ? 4 : 6));
      if (kind === 0) return text();
      if (kind === 1) return Math.round(random() * 1000) / 10;
      if (kind === 2) return pick([true, false, null]);
      if (kind === 3) return text();
      if (kind === 4) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 3) }, () => [pick(["model", "k", text()]), value(depth + 1)]));
    };
    for (let i = 0; i < 500; i++) {
      const body: Record<string, unknown> = { messages: [value(1)] };
      for (let k = 0; k < 3; k++) body[pick(["model", "stream", "tools", text()])] = value(1);
      const spaced = random() < 0.5 ? JSON.stringify(body) : JSON.stringify(body, null, pick([1, "\t"]));
      expect(JSON.parse(swap(spaced))).toEqual({ ...body, model: "active" });
    }
  });
});

describe("withValues, setting the model and store: false (Responses passed through)", () => {
  const set = (text: string, model = "active") => {
    const raw = Buffer.from(text);
    const out = withValues(new AgentCall(raw, scanBody(raw, ["input"]), false, 0), { model, store: false });
    return typeof out === "string" ? out : out.toString("utf8");
  };

  it("leaves store: false as it is, and adds it in front when the agent left it out (OpenAI would store by default)", () => {
    expect(set('{"model":"mine","store":false,"input":"hi"}')).toBe('{"model":"active","store":false,"input":"hi"}');
    expect(set('{"model":"mine","input":"hi"}')).toBe('{"store":false,"model":"active","input":"hi"}');
    expect(set('{"input":"hi"}')).toBe('{"model":"active","store":false,"input":"hi"}');
  });

  it("splices false over store: true, also together with a model name longer than the agent's", () => {
    expect(set('{"model":"m","store":true,"input":"hi"}')).toBe('{"model":"active","store":false,"input":"hi"}');
    expect(set('{"store":true,"input":"hi","model":"m"}', "a-longer-model")).toBe('{"store":false,"input":"hi","model":"a-longer-model"}');
    expect(set('{"store":"yes please","model":"m"}')).toBe('{"store":false       ,"model":"active"}');
  });

  it("sets the occurrence JSON.parse keeps when store is named twice, or spelt with an escape", () => {
    expect(JSON.parse(set('{"store":false,"input":"hi","store":true}')).store).toBe(false);
    expect(JSON.parse(set('{"stor\\u0065":true,"input":"hi"}')).store).toBe(false);
  });

  it("agrees with parse-and-replace on generated bodies", () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    for (let i = 0; i < 300; i++) {
      const body: Record<string, unknown> = { input: pick(["hi", [{ role: "user", content: "a}" }]]) };
      for (const key of ["model", "store", "stream", "tools"]) if (random() < 0.6) body[key] = pick([true, false, null, "x", "a-long-model-name", 12.5, { store: true }]);
      const text = random() < 0.5 ? JSON.stringify(body) : JSON.stringify(body, null, 2);
      const model = pick(["m", "a-model-name-longer-than-most"]);
      expect(JSON.parse(set(text, model))).toEqual({ ...body, model, store: false });
    }
  });
});
