import type { Logger } from "pino";
import type { PrismaClient } from "../db/prisma-client/client.ts";
import { LEGACY_AGENT_IDENTITY, type CallerIdentity, type Scope } from "./identity.ts";
import { keyMatcher } from "./keys.ts";
import { secretDigest } from "./secrets.ts";

interface CachedKey {
  identity: CallerIdentity;
  expiresAt: number | null;
}

interface Loaded {
  keys: Map<string, CachedKey>;
  loadedAt: number;
}

export interface AuthenticatorOptions {
  prisma: PrismaClient;
  /** ROUTER_AGENT_KEY: the legacy key that acts for every agent with every scope. */
  legacyAgentKey: string;
  logger: Logger;
  /** How often last_used_at is written (the uses seen since are written in one statement); 0: only by flushUses(). */
  useFlushIntervalMs?: number;
  /** Reload the keys at least this often, so a revocation made by another replica is seen. */
  maxCacheAgeMs?: number;
  now?: () => number;
}

/**
 * Resolves agent-side tokens to identities. Every live key is held in memory by the SHA-256 of its
 * secret, so a check costs one hash and one map lookup, no database read; invalidate() (after each
 * create or revoke) makes the next check reload. Uses are remembered and written in batches.
 */
export class Authenticator {
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  private readonly used = new Set<string>();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly isLegacyKey: (token: string | undefined) => boolean;
  private readonly now: () => number;
  private readonly maxCacheAgeMs: number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.isLegacyKey = keyMatcher(options.legacyAgentKey);
    this.now = options.now ?? Date.now;
    this.maxCacheAgeMs = options.maxCacheAgeMs ?? 30_000;
    const flushMs = options.useFlushIntervalMs ?? 5_000;
    if (flushMs > 0) this.timer = setInterval(() => void this.flushUses(), flushMs).unref();
  }

  /** The identity of a presented agent-side token; undefined when unknown, revoked or expired. */
  async agent(token: string | undefined): Promise<CallerIdentity | undefined> {
    if (!token) return undefined;
    if (this.isLegacyKey(token)) return LEGACY_AGENT_IDENTITY;
    const { keys } = this.fresh() ?? (await this.reload());
    const key = keys.get(secretDigest(token));
    if (!key || (key.expiresAt !== null && key.expiresAt <= this.now())) return undefined;
    return key.identity;
  }

  /** Forgets every cached key: the next check reads them again (after a key is created or revoked). */
  invalidate(): void {
    this.loaded = undefined;
    this.loading = undefined;
  }

  /** Notes that a key was used; last_used_at is written with the next batch, never per call. */
  recordUse(keyId: string | null): void {
    if (keyId) this.used.add(keyId);
  }

  /** Writes the pending last_used_at updates in one statement. */
  async flushUses(): Promise<void> {
    if (this.used.size === 0) return;
    const ids = [...this.used];
    this.used.clear();
    try {
      await this.options.prisma.agentKey.updateMany({ where: { id: { in: ids } }, data: { lastUsedAt: new Date(this.now()) } });
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message, keys: ids.length }, "could not record agent key use");
    }
  }

  /** Stops the batch timer and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushUses();
  }

  /** The cached keys while they are recent enough to use without a reload. */
  private fresh(): Loaded | undefined {
    return this.loaded && this.now() - this.loaded.loadedAt < this.maxCacheAgeMs ? this.loaded : undefined;
  }

  /** Loads the keys again, or joins the load already under way. */
  private reload(): Promise<Loaded> {
    if (!this.loading) {
      const loading = this.load();
      this.loading = loading;
      loading.then(
        (loaded) => {
          if (this.loading === loading) this.loaded = loaded;
        },
        () => undefined,
      ).finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async load(): Promise<Loaded> {
    const loadedAt = this.now();
    const rows = await this.options.prisma.agentKey.findMany({ where: { revokedAt: null } });
    const keys = new Map<string, CachedKey>();
    for (const row of rows) {
      keys.set(row.secretSha256, {
        expiresAt: row.expiresAt?.getTime() ?? null,
        identity: {
          kind: "agent_key",
          keyId: row.id,
          keyName: row.name,
          keyHint: row.keyHint,
          agents: row.allAgents ? "all" : Object.freeze([...row.agentIds]),
          scopes: new Set(row.scopes as Scope[]),
        },
      });
    }
    return { keys, loadedAt };
  }
}
