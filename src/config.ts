import path from "node:path";
import dotenv from "dotenv";

export interface Config {
  port: number;
  host: string;
  adminKey: string;
  agentKey: string;
  /** 32-byte key sealing credentials: ROUTER_KMS_KEY, or SHA-256 of the admin key. */
  kmsKey: Buffer | undefined;
  /** ROUTER_KMS_KEY_OLD: the key being rotated away from (read only by the rotation command). */
  kmsKeyOld: Buffer | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  upstreamTimeoutMs: number;
  requireAgentKeyForProxy: boolean;
  maxRequestBodyBytes: number;
  /** All /v1 request bodies being read or held at once, together; past it a call gets 503 with retry-after. */
  maxInflightBodyBytes: number;
  /** Largest non-stream answer read from a provider; past it the call gets 502. */
  maxUpstreamAnswerBytes: number;
  /** How long a request body may take to arrive in full (slow senders get 408). */
  bodyReadTimeoutMs: number;
  /** After SIGTERM, how long in-flight calls may run before they are ended with an error. */
  shutdownGraceMs: number;
  /** After SIGTERM, how long to keep accepting calls while load balancers see /readyz fail. */
  shutdownDelayMs: number;
  /** How long start-up waits for Postgres to answer. */
  databaseConnectTimeoutMs: number;
  /** Whether to LISTEN for routing changes; off behind poolers that drop LISTEN (PgBouncer transaction mode). */
  changeFeedListen: boolean;
  /** How often each replica reads the routing change counter. */
  changePollMs: number;
  /** Most request audit rows held in memory while the database cannot take them. */
  auditQueueMaxRows: number;
  /** Request audit rows older than this many days are deleted; 0 keeps them forever. */
  auditRetentionDays: number;
  /** Serve GET /metrics without the admin key (for a Prometheus on a private network). */
  metricsPublic: boolean;
  logLevel: string;
}

/** A configuration problem the operator must fix; the message names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

const MIN_KEY_LENGTH = 16;
const MB = 1024 * 1024;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'.`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (["true", "1", "yes"].includes(raw)) return true;
  if (["false", "0", "no"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got '${env[name]}'.`);
}

function secretKey(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new ConfigError(`${name} is not set. Run \`npm run wizard\` to create a .env with fresh keys, or set it yourself.`);
  }
  if (value.length < MIN_KEY_LENGTH) {
    throw new ConfigError(`${name} is too short: use at least ${MIN_KEY_LENGTH} characters (\`npm run wizard\` generates strong keys).`);
  }
  return value;
}

function kmsKey(env: Env, name = "ROUTER_KMS_KEY"): Buffer | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(raw) ? Buffer.from(raw, "base64") : Buffer.alloc(0);
  if (bytes.length !== 32) {
    throw new ConfigError(
      `${name} must be the base64 of exactly 32 bytes (generate one with \`openssl rand -base64 32\`).`,
    );
  }
  return bytes;
}

function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError("DATABASE_URL must start with postgresql:// (leave it unset to use the embedded database in DATA_DIR).");
  }
  return raw;
}

/** Reads and checks the whole configuration; throws ConfigError naming the first bad variable. */
export function parseConfig(env: Env): Config {
  const adminKey = secretKey(env, "ROUTER_ADMIN_KEY");
  const agentKey = secretKey(env, "ROUTER_AGENT_KEY");
  if (adminKey === agentKey) {
    throw new ConfigError("ROUTER_ADMIN_KEY and ROUTER_AGENT_KEY must differ: agents must not be able to administer profiles.");
  }
  return {
    port: integer(env, "PORT", 8080, 0, 65535),
    host: env.HOST?.trim() || "127.0.0.1",
    adminKey,
    agentKey,
    kmsKey: kmsKey(env),
    kmsKeyOld: kmsKey(env, "ROUTER_KMS_KEY_OLD"),
    databaseUrl: databaseUrl(env),
    dataDir: path.resolve(env.DATA_DIR?.trim() || "./data"),
    upstreamTimeoutMs: integer(env, "UPSTREAM_TIMEOUT_MS", 30_000, 1, 3_600_000),
    requireAgentKeyForProxy: boolean(env, "REQUIRE_AGENT_KEY_FOR_PROXY", true),
    maxRequestBodyBytes: integer(env, "MAX_REQUEST_BODY_MB", 32, 1, 1024) * MB,
    maxInflightBodyBytes: integer(env, "MAX_INFLIGHT_BODY_MB", 256, 1, 65_536) * MB,
    maxUpstreamAnswerBytes: integer(env, "MAX_UPSTREAM_ANSWER_MB", 64, 1, 4096) * MB,
    bodyReadTimeoutMs: integer(env, "BODY_READ_TIMEOUT_MS", 30_000, 100, 3_600_000),
    shutdownGraceMs: integer(env, "SHUTDOWN_GRACE_MS", 25_000, 0, 3_600_000),
    shutdownDelayMs: integer(env, "SHUTDOWN_DELAY_MS", 0, 0, 600_000),
    databaseConnectTimeoutMs: integer(env, "DATABASE_CONNECT_TIMEOUT_MS", 30_000, 100, 3_600_000),
    changeFeedListen: boolean(env, "CHANGE_FEED_LISTEN", true),
    changePollMs: integer(env, "CHANGE_POLL_MS", 500, 50, 60_000),
    auditQueueMaxRows: integer(env, "AUDIT_QUEUE_MAX_ROWS", 100_000, 1000, 10_000_000),
    auditRetentionDays: integer(env, "AUDIT_RETENTION_DAYS", 0, 0, 36_500),
    metricsPublic: boolean(env, "METRICS_PUBLIC", false),
    logLevel: env.LOG_LEVEL?.trim() || "info",
  };
}

/** The process configuration: `.env` in the working directory, overridden by the real environment. */
export function loadConfig(): Config {
  dotenv.config({ quiet: true });
  return parseConfig(process.env);
}
