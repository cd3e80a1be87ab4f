import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";

const keys = { ROUTER_ADMIN_KEY: "admin-0123456789abcdef", ROUTER_AGENT_KEY: "agent-0123456789abcdef" };

describe("parseConfig", () => {
  it("has the documented defaults", () => {
    const config = parseConfig(keys);
    expect(config).toMatchObject({
      port: 8080, host: "127.0.0.1", databaseUrl: undefined, upstreamTimeoutMs: 30000,
      requireAgentKeyForProxy: true, maxRequestBodyBytes: 32 * 1024 * 1024, kmsKey: undefined,
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it.each([
    [{}, /ROUTER_ADMIN_KEY is not set.*npm run wizard/],
    [{ ROUTER_ADMIN_KEY: keys.ROUTER_ADMIN_KEY }, /ROUTER_AGENT_KEY is not set.*npm run wizard/],
    [{ ...keys, ROUTER_AGENT_KEY: "short" }, /ROUTER_AGENT_KEY is too short/],
    [{ ...keys, ROUTER_AGENT_KEY: keys.ROUTER_ADMIN_KEY }, /must differ/],
    [{ ...keys, PORT: "http" }, /PORT must be a whole number/],
    [{ ...keys, PORT: "70000" }, /PORT must be a whole number from 0 to 65535/],
    [{ ...keys, UPSTREAM_TIMEOUT_MS: "-5" }, /UPSTREAM_TIMEOUT_MS/],
    [{ ...keys, REQUIRE_AGENT_KEY_FOR_PROXY: "maybe" }, /REQUIRE_AGENT_KEY_FOR_PROXY must be true or false/],
    [{ ...keys, ROUTER_KMS_KEY: Buffer.alloc(16).toString("base64") }, /exactly 32 bytes/],
    [{ ...keys, ROUTER_KMS_KEY: "not base64!" }, /exactly 32 bytes/],
    [{ ...keys, DATABASE_URL: "mysql://x" }, /DATABASE_URL must start with postgresql:\/\//],
    [{ ...keys, MAX_REQUEST_BODY_MB: "0" }, /MAX_REQUEST_BODY_MB/],
  ])("refuses %j", (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it("has the documented defaults for bounds, drain, the change feed and the audit", () => {
    expect(parseConfig(keys)).toMatchObject({
      maxInflightBodyBytes: 256 * 1024 * 1024, maxUpstreamAnswerBytes: 64 * 1024 * 1024, bodyReadTimeoutMs: 30_000,
      shutdownGraceMs: 25_000, shutdownDelayMs: 0, databaseConnectTimeoutMs: 30_000,
      changeFeedListen: true, changePollMs: 500, auditQueueMaxRows: 100_000, auditRetentionDays: 0,
    });
  });

  it.each([
    ["MAX_INFLIGHT_BODY_MB", "0"], ["MAX_UPSTREAM_ANSWER_MB", "x"], ["BODY_READ_TIMEOUT_MS", "10"], ["SHUTDOWN_GRACE_MS", "-1"],
    ["DATABASE_CONNECT_TIMEOUT_MS", "1.5"], ["CHANGE_FEED_LISTEN", "sometimes"], ["CHANGE_POLL_MS", "0"], ["AUDIT_QUEUE_MAX_ROWS", "10"],
    ["AUDIT_RETENTION_DAYS", "-7"],
  ])("refuses %s=%s, naming it", (name, value) => {
    expect(() => parseConfig({ ...keys, [name]: value })).toThrow(new RegExp(`^${name} must be`));
  });

  it("accepts a 32-byte base64 ROUTER_KMS_KEY", () => {
    const kms = Buffer.alloc(32, 7);
    expect(parseConfig({ ...keys, ROUTER_KMS_KEY: kms.toString("base64") }).kmsKey).toEqual(kms);
  });
});
