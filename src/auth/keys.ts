import { createHash, timingSafeEqual } from "node:crypto";

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** Compares a presented key with the expected one in time independent of where they differ. */
export function keyMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(expected), digest(presented));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

export const ADMIN_KEY_HELP = "Send the admin key (ROUTER_ADMIN_KEY) as 'Authorization: Bearer <key>'. Agent keys are not accepted on /admin/*.";
export const AGENT_KEY_HELP =
  "Send the agent key (ROUTER_AGENT_KEY) as 'Authorization: Bearer <key>'. The admin key is not accepted on /api/* and /v1/*.";
