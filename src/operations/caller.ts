import type { IncomingHttpHeaders } from "node:http";
import { AGENT_KEY_HELP, bearerToken } from "../auth/keys.ts";
import { mayActFor, type Authenticator, type CallerIdentity } from "../auth/identity.ts";
import { AppError, unauthorized } from "../errors.ts";

/** The agent-side token a request presents: `Authorization: Bearer`, else `x-api-key`. */
export function presentedToken(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers["x-api-key"];
  return bearerToken(headers.authorization) ?? (typeof apiKey === "string" ? apiKey : undefined);
}

export const forbidden = (agentId: string) =>
  new AppError(403, "permission_error", `This key may not act for agent '${agentId}'. Use that agent's own key, or a key valid for all agents.`);

/** Who is calling, checked against the agent the request acts for (when it names one). */
export async function agentCaller(headers: IncomingHttpHeaders, authenticator: Authenticator, agentId?: string): Promise<CallerIdentity> {
  const identity = await authenticator.agent(presentedToken(headers));
  if (!identity) throw unauthorized(AGENT_KEY_HELP);
  if (agentId !== undefined && !mayActFor(identity, agentId)) throw forbidden(agentId);
  return identity;
}
