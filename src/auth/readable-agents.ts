import { authorizeAgent, requireScope } from "./access.ts";
import type { CallerIdentity } from "./identity.ts";

/** The agents a read covers: "all", or a list (the named agent, or every agent the key may act for). */
export type AgentSelection = "all" | readonly string[];

/**
 * What an observability read (agents, requests, usage) may show. The admin key and all-agent keys see
 * every agent; a per-agent key needs the `read` scope and sees only its agents. A named agent the key
 * may not act for is refused with 403.
 */
export function readableAgents(identity: CallerIdentity, named: string | undefined): AgentSelection {
  if (named !== undefined) return [authorizeAgent(identity, named, "read")];
  requireScope(identity, "read");
  return identity.agents;
}
