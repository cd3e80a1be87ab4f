import type { Target } from "../providers/types.ts";
import type { ServiceContext } from "../services/context.ts";
import { profileCredentials } from "../services/profiles.ts";
import { AppError } from "../errors.ts";
import { LoadCache } from "./load-cache.ts";

/** Everything the hot path needs to forward one agent's call, with the key already decrypted. */
export interface AgentRoute extends Target {
  agentId: string;
}

async function loadRoute(services: Pick<ServiceContext, "prisma" | "sealingKey">, agentId: string): Promise<AgentRoute | undefined> {
  const state = await services.prisma.agentState.findUnique({ where: { agentId }, include: { profile: true, model: true } });
  if (!state) return undefined;
  const { api_key } = profileCredentials(services, state.profile);
  return {
    agentId,
    providerType: state.profile.providerType,
    profileName: state.profile.profileName,
    baseUrl: state.profile.baseUrl,
    apiKey: api_key,
    modelName: state.model.modelName,
    maxTokens: state.model.maxTokens,
    speaksResponses: state.profile.responsesApi,
  };
}

/**
 * Agent → route, kept in memory so a proxied call costs no database read and no decryption. Every
 * switch and every profile or model change clears it. Unknown agents are not kept: any name can be sent.
 */
export class RouteCache extends LoadCache<string, AgentRoute | undefined> {
  constructor(services: Pick<ServiceContext, "prisma" | "sealingKey">) {
    super((agentId) => loadRoute(services, agentId), (route) => route !== undefined);
  }

  /** The agent's route, or undefined when the agent has no active model. */
  resolve(agentId: string): Promise<AgentRoute | undefined> {
    return this.get(agentId);
  }
}

/** What an agent with no active model is told. */
export function noActiveModel(agentId: string): AppError {
  return new AppError(
    400,
    "invalid_request_error",
    `No active model set for agent_id '${agentId}'. Set one with POST /api/switch (or \`switcher switch\`).`,
    undefined,
    "no_active_model",
  );
}
