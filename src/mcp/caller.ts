import type { IncomingHttpHeaders } from "node:http";
import type { Authenticator } from "../auth/authenticator.ts";
import { mayActFor, type CallerIdentity } from "../auth/identity.ts";
import { AGENT_KEY_HELP, presentedKey } from "../auth/keys.ts";
import { forbidden, unauthorized } from "../errors.ts";

/** Who is calling over MCP, checked against the agent it acts for (when it names one). */
export async function agentCaller(headers: IncomingHttpHeaders, authenticator: Pick<Authenticator, "agent">, agentId?: string): Promise<CallerIdentity> {
  const identity = await authenticator.agent(presentedKey(headers));
  if (!identity) throw unauthorized(AGENT_KEY_HELP);
  if (agentId !== undefined && !mayActFor(identity, agentId)) {
    throw forbidden(`This key may not act for agent '${agentId}'. Use that agent's own key, or a key valid for all agents.`);
  }
  return identity;
}
