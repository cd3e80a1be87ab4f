import { badRequest, forbidden } from "../errors.ts";
import { describeCaller, impliedAgent, mayActFor, type CallerIdentity, type Scope } from "./identity.ts";

const SCOPE_PURPOSE: Record<Scope, string> = {
  call: "call models through /v1/*",
  read: "read agents' state",
  switch: "switch agents",
};

/** Refuses (403) an identity without the scope, saying which scope the key needs. */
export function requireScope(identity: CallerIdentity, scope: Scope): void {
  if (identity.scopes.has(scope)) return;
  throw forbidden(
    `${describeCaller(identity)} lacks the '${scope}' scope needed to ${SCOPE_PURPOSE[scope]}. ` +
      `Ask the admin for a key with scopes including '${scope}' (POST /admin/keys).`,
  );
}

const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(", ");

/**
 * The agent a request acts for: the one it names, else the key's single bound agent. Refuses with 400
 * when none can be told, and with 403 when the key may not act for it or lacks the scope.
 */
export function authorizeAgent(identity: CallerIdentity, named: string | undefined, scope: Scope, param = "agent_id"): string {
  const agentId = named ?? impliedAgent(identity);
  if (agentId === undefined) {
    throw badRequest(`Name the agent with ${param}: it may be left out only with a key bound to exactly one agent.`, param);
  }
  if (!mayActFor(identity, agentId)) {
    const agents = identity.agents === "all" ? [] : identity.agents;
    throw forbidden(
      `${describeCaller(identity)} may act only for agent${agents.length === 1 ? "" : "s"} ${quoted(agents)}, not '${agentId}'. ` +
        `Use the key of agent '${agentId}', or ask the admin for a key bound to it (POST /admin/keys).`,
    );
  }
  requireScope(identity, scope);
  return agentId;
}
