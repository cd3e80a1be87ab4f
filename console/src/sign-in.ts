import { apiClient } from "./api/client.ts";
import { run, type Outcome } from "./api/use-load.ts";
import type { Session } from "./session.ts";

const NOT_ACCEPTED =
  "This key was not accepted. Use the admin key (ROUTER_ADMIN_KEY in the switcher's .env) or a per-agent key (msk_…) with the read scope.";

/**
 * Checks a key against the switcher. `GET /admin/agents` takes the admin key and per-agent keys with
 * `read`; `GET /admin/profiles` takes only the admin key, so it tells the two apart.
 */
export async function checkKey(key: string): Promise<Outcome<Session>> {
  const trimmed = key.trim();
  if (!trimmed) return { ok: false, message: "Paste a key first." };
  const api = apiClient(trimmed);
  const agents = await run(() => api.GET("/admin/agents", { params: { query: { window: "1h" } } }));
  if (!agents.ok) return agents.status === 401 ? { ok: false, message: NOT_ACCEPTED, status: 401 } : agents;
  const profiles = await run(() => api.GET("/admin/profiles"));
  return { ok: true, data: { key: trimmed, role: profiles.ok ? "admin" : "agent" } };
}
