// Who is calling, and what it may do. Shared by the control plane, the proxy and MCP.

export type Scope = "call" | "read" | "switch";
export const ALL_SCOPES: readonly Scope[] = ["call", "read", "switch"];

export interface CallerIdentity {
  kind: "admin" | "legacy_agent_key" | "agent_key";
  /** Set for kind "agent_key" only. */
  keyId: string | null;
  /** Set for kind "agent_key" only. */
  keyName: string | null;
  /** The key's hint (`msk_…abcd`), for messages; set for kind "agent_key" only. */
  keyHint: string | null;
  /** Which agent ids it may act for. */
  agents: "all" | readonly string[];
  scopes: ReadonlySet<Scope>;
}

export const ADMIN_IDENTITY: CallerIdentity = {
  kind: "admin",
  keyId: null,
  keyName: null,
  keyHint: null,
  agents: "all",
  scopes: new Set(ALL_SCOPES),
};

export const LEGACY_AGENT_IDENTITY: CallerIdentity = {
  kind: "legacy_agent_key",
  keyId: null,
  keyName: null,
  keyHint: null,
  agents: "all",
  scopes: new Set(ALL_SCOPES),
};

/** True when the identity may act for agentId (admin and legacy: always). */
export function mayActFor(identity: CallerIdentity, agentId: string): boolean {
  return identity.agents === "all" || identity.agents.includes(agentId);
}

/** The agent a call is for when it names none: the key's single bound agent, else undefined. */
export function impliedAgent(identity: CallerIdentity): string | undefined {
  return identity.agents !== "all" && identity.agents.length === 1 ? identity.agents[0] : undefined;
}

/** Audit attribution text for a switch or request row: "admin", "legacy agent key" or "key <name> (<id>)". */
export function actorLabel(identity: CallerIdentity): string {
  switch (identity.kind) {
    case "admin":
      return "admin";
    case "legacy_agent_key":
      return "legacy agent key";
    case "agent_key":
      return `key ${identity.keyName} (${identity.keyId})`;
  }
}

/** The attribution columns of audit_switches and audit_requests. */
export function attribution(identity: CallerIdentity): { actor: string; keyId: string | null } {
  return { actor: actorLabel(identity), keyId: identity.keyId };
}

/** How a message names the caller: "Key 'bot' (msk_…abcd)", or the legacy key's variable. */
export function describeCaller(identity: CallerIdentity): string {
  if (identity.kind === "agent_key") return `Key '${identity.keyName}' (${identity.keyHint})`;
  return identity.kind === "admin" ? "The admin key" : "ROUTER_AGENT_KEY";
}
