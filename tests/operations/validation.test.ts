import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, AGENT_KEY, startTestService, type TestService } from "../helpers/service.ts";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.stop());

async function post(path: string, body: string, key = ADMIN_KEY, contentType = "application/json") {
  const res = await fetch(`${svc.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as { error: { type: string; message: string; param?: string } } };
}

const valid = { profile_name: "v", provider_type: "openai", credentials: { api_key: "sk-validation-0000" } };

describe("request validation", () => {
  it.each([
    ["profile_name is a number", { ...valid, profile_name: 5 }, "profile_name", /must be string/],
    ["provider_type is unknown", { ...valid, provider_type: "gemini" }, "provider_type", /must be equal to one of the allowed values/],
    ["credentials is a string", { ...valid, credentials: "sk" }, "credentials", /must be object/],
    ["api_key is missing", { ...valid, credentials: {} }, "credentials.api_key", /Missing required body field 'credentials.api_key'/],
    ["an unknown field", { ...valid, extra: true }, "extra", /Unknown body field 'extra': remove it/],
    ["an unknown nested field", { ...valid, credentials: { api_key: "k", org: "x" } }, "credentials.org", /Unknown body field/],
    ["profile_name holds a NUL", { ...valid, profile_name: "a\u0000b" }, "profile_name", /NUL/],
    ["api_key holds a space", { ...valid, credentials: { api_key: "sk two" } }, "credentials.api_key", /printable ASCII without spaces/],
    ["base_url holds a NUL", { ...valid, base_url: "http://x/\u0000" }, "base_url", /http\(s\) URL/],
  ])("answers 400 naming the field when %s", async (_name, body, param, message) => {
    const res = await post("/admin/profiles", JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.json.error.type).toBe("invalid_request_error");
    expect(res.json.error.param).toBe(param);
    expect(res.json.error.message).toMatch(message);
  });

  it.each(["{", "{\"profile_name\": }", "nul", "[1,2", "\"unterminated"])("answers 400 for malformed JSON %s", async (body) => {
    const res = await post("/admin/profiles", body);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/Malformed JSON body/);
  });

  it("answers 400, never 500, for NUL characters the database cannot store", async () => {
    const switched = await post("/api/switch", JSON.stringify({ agent_id: "x\u0000", profile_name: "p", model_name: "m" }), AGENT_KEY);
    expect(switched.status).toBe(400);
    expect(switched.json.error.param).toBe("agent_id");
    const active = await fetch(`${svc.url}/api/active?agent_id=a%00b`, { headers: { authorization: `Bearer ${AGENT_KEY}` } });
    expect(active.status).toBe(400);
  });

  it("answers 400 for a JSON body that is not an object", async () => {
    for (const body of ["[]", "42", "null"]) {
      const res = await post("/api/switch", body, AGENT_KEY);
      expect(res.status, body).toBe(400);
    }
  });

  it("answers 413 for a control-plane body over 1 MB", async () => {
    const body = JSON.stringify({ ...valid, profile_name: "x".repeat(1_100_000) });
    const res = await post("/admin/profiles", body);
    expect(res.status).toBe(413);
    expect(res.json.error.type).toBe("request_too_large");
  });

  it("answers 415 for a body that is not JSON", async () => {
    const res = await post("/admin/profiles", "profile_name=x", ADMIN_KEY, "application/x-www-form-urlencoded");
    expect(res.status).toBe(415);
  });

  it("answers 404 for an unknown route and 405 for a wrong method", async () => {
    const missing = await fetch(`${svc.url}/admin/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/No route/);
    const wrong = await fetch(`${svc.url}/api/switch`, { method: "PUT" });
    expect(wrong.status).toBe(405);
  });

  it.each([
    ["/admin/agents?foo=1", "Unknown query parameter 'foo': remove it."],
    ["/admin/requests?cursor=", "Empty value found for query parameter 'cursor': give it a value or leave it out."],
    ["/api/agents/%ZZ/history", "The URL is malformed: a '%' in it must begin an escape such as %2F."],
  ])("says plainly what is wrong with %s", async (path, message) => {
    const res = await fetch(`${svc.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(message);
  });

  it("answers 400 for a body that is not UTF-8, storing nothing", async () => {
    const body = Buffer.concat([Buffer.from('{"agent_id":"u'), Buffer.from([0xff]), Buffer.from('","profile_name":"p","model_name":"m"}')]);
    const res = await fetch(`${svc.url}/api/switch`, { method: "POST", headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" }, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("Request body is not valid UTF-8: send JSON encoded as UTF-8.");
    expect(await svc.services.prisma.agentState.count()).toBe(0);
  });

  it("never answers with a stack trace", async () => {
    const res = await post("/admin/profiles", "{\"a\":");
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
