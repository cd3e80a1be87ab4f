import type { PrismaClient } from "../db/prisma-client/client.ts";

/** What every service needs: the database, the credential sealing key, and who to tell of changes. */
export interface ServiceContext {
  prisma: PrismaClient;
  sealingKey: Buffer;
  upstreamTimeoutMs: number;
  /** Called after every write that can change how an agent's calls are routed. */
  onRoutingChange(): void;
  /** Called after a per-agent key is created or revoked. */
  onKeysChange(): void;
}

/** Prisma's code for a unique-constraint violation. */
export const UNIQUE_VIOLATION = "P2002";
/** Prisma's code for a foreign-key violation. */
export const FOREIGN_KEY_VIOLATION = "P2003";

export function isPrismaError(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}
