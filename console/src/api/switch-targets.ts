import { useSession } from "../session-context.ts";
import { run, useLoad, type Loaded } from "./use-load.ts";

/** Enabled model names by profile name, in the order the API lists them. */
export type SwitchTargets = Map<string, string[]>;

/**
 * What an agent can be switched to: the enabled models of every profile (admin key), or of the profiles
 * `agentProfiles` names (a per-agent key cannot list profiles: it sees its agents' current profiles).
 */
export function useSwitchTargets(agentProfiles: readonly string[]): Loaded<SwitchTargets> {
  const { api, role } = useSession();
  return useLoad(async () => {
    let names = [...new Set(agentProfiles)];
    if (role === "admin") {
      const profiles = await api.GET("/admin/profiles");
      if (!profiles.data) return { error: profiles.error, response: profiles.response };
      names = profiles.data.data.map((p) => p.profile_name);
    }
    const targets: SwitchTargets = new Map();
    for (const name of names) {
      const models = await run(() => api.GET("/api/models", { params: { query: { profile: name } } }));
      if (models.ok) targets.set(name, models.data.data.filter((m) => m.enabled).map((m) => m.model_name));
    }
    return { data: targets, response: new Response(null, { status: 200 }) };
  }, [role, agentProfiles.join("\u0000")]);
}
