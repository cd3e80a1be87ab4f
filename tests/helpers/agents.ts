import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { AGENT_KEY, type TestService } from "./service.ts";

/** The official OpenAI SDK, configured as an agent would be, pointed at the switcher. */
export function agentSdk(svc: TestService, agentId: string | undefined, options: { baseURL?: string; timeout?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: AGENT_KEY,
    baseURL: options.baseURL ?? `${svc.url}/v1`,
    defaultHeaders: agentId ? { "x-agent-id": agentId } : {},
    maxRetries: 0,
    timeout: options.timeout ?? 20_000,
  });
}

/** Creates a profile pointed at `baseUrl` and switches `agentId` onto it. */
export async function routeAgent(
  svc: TestService,
  agentId: string,
  profile: { name: string; type: "openai" | "openai_compatible" | "anthropic"; baseUrl: string; apiKey: string; model: string },
): Promise<void> {
  const existing = await svc.admin.GET("/admin/profiles");
  if (!existing.data?.data.some((p) => p.profile_name === profile.name)) {
    const created = await svc.admin.POST("/admin/profiles", {
      body: { profile_name: profile.name, provider_type: profile.type, base_url: profile.baseUrl, credentials: { api_key: profile.apiKey } },
    });
    if (created.error) throw new Error(created.error.error.message);
  }
  if (profile.type === "anthropic") {
    await svc.admin.POST("/admin/models", { body: { profile_name: profile.name, model_name: profile.model } });
  }
  const switched = await svc.agent.POST("/api/switch", {
    body: { agent_id: agentId, profile_name: profile.name, model_name: profile.model },
  });
  if (switched.error) throw new Error(switched.error.error.message);
}

/** The official Anthropic SDK, configured as Claude Code is: ANTHROPIC_BASE_URL at the agent path, the agent key as ANTHROPIC_API_KEY. */
export function anthropicAgentSdk(svc: TestService, agentId: string, options: { timeout?: number } = {}): Anthropic {
  return new Anthropic({ apiKey: AGENT_KEY, baseURL: `${svc.url}/agents/${encodeURIComponent(agentId)}`, maxRetries: 0, timeout: options.timeout ?? 20_000 });
}
