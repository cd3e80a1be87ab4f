import type { ProviderType } from "../api-types.ts";
import type { ServiceContext } from "../services/context.ts";
import { profileCredentials } from "../services/profiles.ts";
import type { ChatTarget } from "../providers/types.ts";

/** Everything the hot path needs to forward one agent's call, with the key already decrypted. */
export interface AgentRoute extends ChatTarget {
  agentId: string;
  providerType: ProviderType;
}

/**
 * Agent → route, kept in memory so a proxied call costs no database read and no decryption. Every
 * switch and every profile or model change clears it; a load that started before a change is not kept.
 */
export class RouteCache {
  private routes = new Map<string, Promise<AgentRoute | undefined>>();
  private generation = 0;

  constructor(private readonly services: Pick<ServiceContext, "prisma" | "sealingKey">) {}

  invalidate(): void {
    this.generation++;
    this.routes.clear();
  }

  /** The agent's route, or undefined when the agent has no active model. */
  resolve(agentId: string): Promise<AgentRoute | undefined> {
    const cached = this.routes.get(agentId);
    if (cached) return cached;
    const generation = this.generation;
    const loading = this.load(agentId);
    this.routes.set(agentId, loading);
    loading.then(
      (route) => {
        // Unknown agents are not kept (any name can be sent); stale loads are dropped.
        if (!route || generation !== this.generation) this.forget(agentId, loading);
      },
      () => this.forget(agentId, loading),
    );
    return loading;
  }

  private forget(agentId: string, entry: Promise<AgentRoute | undefined>): void {
    if (this.routes.get(agentId) === entry) this.routes.delete(agentId);
  }

  private async load(agentId: string): Promise<AgentRoute | undefined> {
    const state = await this.services.prisma.agentState.findUnique({
      where: { agentId },
      include: { profile: true, model: true },
    });
    if (!state) return undefined;
    const { api_key } = profileCredentials(this.services as ServiceContext, state.profile);
    return {
      agentId,
      providerType: state.profile.providerType,
      profileName: state.profile.profileName,
      baseUrl: state.profile.baseUrl,
      apiKey: api_key,
      modelName: state.model.modelName,
      maxTokens: state.model.maxTokens,
    };
  }
}
