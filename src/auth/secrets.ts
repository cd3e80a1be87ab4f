import { hash, randomBytes } from "node:crypto";

/** Every per-agent key starts with this, so it is recognisable in configs and secret scanners. */
export const AGENT_KEY_PREFIX = "msk_";

/**
 * The stored form of a key: SHA-256, hex. A fast hash is enough because the secret is 256 random bits
 * (nothing to guess); a slow password hash would only add its cost to every call.
 */
export const secretDigest = (secret: string): string => hash("sha256", secret, "hex");

/** A new key: the prefix and 32 random bytes in base64url (43 characters). */
export function newAgentKeySecret(): string {
  return `${AGENT_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** What listings show: the prefix and the last 4 characters. */
export const agentKeyHint = (secret: string): string => `${AGENT_KEY_PREFIX}…${secret.slice(-4)}`;
