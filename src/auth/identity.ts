// Who is calling, as the shared contract with issue-11 (per-agent keys) defines it. This branch's
// authenticator knows only the legacy ROUTER_AGENT_KEY; issue-11's replaces it at merge.
import { keyMatcher } from "./keys.ts";

export type Scope = "call" | "read" | "switch"; // call models (/v1/*), read its agents' state, switch its agents

export interface CallerIdentity {
  kind: "admin" | "legacy_agent_key" | "agent_key";
  keyId: string | null; // set for kind "agent_key" only
  keyName: string | null; // set for kind "agent_key" only
  agents: "all" | readonly string[]; // which agent ids it may act for
  scopes: ReadonlySet<Scope>;
}

export interface Authenticator {
  /** Resolves a presented agent-side token (Bearer or x-api-key); undefined when unknown, revoked or expired. */
  agent(token: string | undefined): Promise<CallerIdentity | undefined>;
  invalidate(): void;
}

/** true when the identity may act for agentId (admin and legacy: always). */
export function mayActFor(identity: CallerIdentity, agentId: string): boolean {
  return identity.agents === "all" || identity.agents.includes(agentId);
}

/** The agent a call is for: the one named (header/path), else the key's single bound agent, else undefined. */
export function impliedAgent(identity: CallerIdentity): string | undefined {
  return identity.agents !== "all" && identity.agents.length === 1 ? identity.agents[0] : undefined;
}

/** Audit attribution text for a switch/request row, e.g. "admin", "legacy agent key", "key <name> (<id>)". */
export function describeActor(identity: CallerIdentity): string {
  switch (identity.kind) {
    case "admin":
      return "admin";
    case "legacy_agent_key":
      return "legacy agent key";
    case "agent_key":
      return `key ${identity.keyName} (${identity.keyId})`;
  }
}

const LEGACY_AGENT_IDENTITY: CallerIdentity = {
  kind: "legacy_agent_key",
  keyId: null,
  keyName: null,
  agents: "all",
  scopes: new Set<Scope>(["call", "read", "switch"]),
};

/** An authenticator that knows only the one all-agents key, ROUTER_AGENT_KEY. */
export function legacyAuthenticator(agentKey: string): Authenticator {
  const matches = keyMatcher(agentKey);
  return {
    agent: async (token) => (matches(token) ? LEGACY_AGENT_IDENTITY : undefined),
    invalidate: () => {},
  };
}
