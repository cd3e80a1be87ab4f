import type { PrismaClient } from "../db/prisma-client/client.ts";
import type { RoutingChanges } from "../routing-changes.ts";

/** What every service needs: the database, the credential sealing key, and who to tell of changes. */
export interface ServiceContext {
  prisma: PrismaClient;
  sealingKey: Buffer;
  upstreamTimeoutMs: number;
  /**
   * Called after every write that can change how an agent's calls are routed: tells this replica's
   * subscribers at once. Other replicas hear of it from the database (a trigger bumps the change
   * counter and NOTIFYs in the write's own transaction; see src/db/change-feed.ts).
   */
  onRoutingChange(): void;
  /** Called after a per-agent key is created or revoked. */
  onKeysChange(): void;
  /** Called after an agent's switch committed (counted in the metrics). */
  onSwitch(via: "api" | "mcp" | "schedule"): void;
  /** Where caches of routing data subscribe to be cleared on every change, here or on another replica. */
  routingChanges: Pick<RoutingChanges, "subscribe">;
}

/** Prisma's code for a unique-constraint violation. */
export const UNIQUE_VIOLATION = "P2002";
/** Prisma's code for a foreign-key violation. */
export const FOREIGN_KEY_VIOLATION = "P2003";

export function isPrismaError(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}
