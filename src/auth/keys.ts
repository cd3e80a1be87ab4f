import { hash, timingSafeEqual } from "node:crypto";

const digest = (text: string) => hash("sha256", text, "buffer");

/**
 * A check of presented keys against `expected`, in time independent of where they differ (both sides
 * are compared as digests, so neither the length nor a prefix leaks). The expected digest is made once.
 */
export function keyMatcher(expected: string): (presented: string | undefined) => boolean {
  const expectedDigest = digest(expected);
  return (presented) => presented !== undefined && timingSafeEqual(expectedDigest, digest(presented));
}

/**
 * The key an agent presented: `Authorization: Bearer <key>` (OpenAI's SDKs), else `x-api-key`
 * (Anthropic's). For the proxy, which hands it to Authenticator.agent().
 */
export function presentedAgentKey(headers: { authorization?: string; "x-api-key"?: string | string[] }): string | undefined {
  const apiKey = headers["x-api-key"];
  return bearerToken(headers.authorization) ?? (typeof apiKey === "string" && apiKey !== "" ? apiKey : undefined);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

export const ADMIN_KEY_HELP =
  "Send the admin key (ROUTER_ADMIN_KEY) as 'Authorization: Bearer <key>'. " +
  "On /admin/* agent keys are accepted only by GET /admin/agents, /admin/requests and /admin/usage (with the 'read' scope).";
export const AGENT_KEY_HELP =
  "Send an agent key as 'Authorization: Bearer <key>': the agent's own key (msk_…, from POST /admin/keys) or ROUTER_AGENT_KEY. " +
  "A revoked or expired key is refused; ask the admin for a new one.";

/** The key an agent presented: `Authorization: Bearer <key>` (OpenAI clients) or `x-api-key: <key>` (Anthropic clients). */
export function presentedKey(headers: { authorization?: string; "x-api-key"?: string | string[] }): string | undefined {
  const bearer = bearerToken(headers.authorization);
  if (bearer !== undefined) return bearer;
  const apiKey = headers["x-api-key"];
  return typeof apiKey === "string" && apiKey !== "" ? apiKey : undefined;
}

/** What an agent without a valid key is told, in the terms of the client it uses. */
export function agentKeyHelp(dialect: "chat" | "messages" | "responses"): string {
  return dialect === "messages"
    ? "Send an agent key as 'x-api-key: <key>' (ANTHROPIC_API_KEY) or 'Authorization: Bearer <key>': the agent's own key (msk_…, from POST /admin/keys) or ROUTER_AGENT_KEY. " +
        "A revoked or expired key is refused; ask the admin for a new one."
    : AGENT_KEY_HELP;
}
