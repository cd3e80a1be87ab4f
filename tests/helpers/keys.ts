import type { components } from "../../generated/switcher.ts";
import { createSwitcherClient, type SwitcherClient } from "../../src/client/index.ts";
import type { TestService } from "./service.ts";

export interface CreatedKey {
  id: string;
  secret: string;
  /** A typed client that sends this key. */
  client: SwitcherClient;
}

/** Creates a per-agent key through the admin API (the only way an operator can). */
export async function createKey(svc: Pick<TestService, "admin" | "url">, body: components["schemas"]["AgentKeyCreate"]): Promise<CreatedKey> {
  const created = await svc.admin.POST("/admin/keys", { body });
  if (!created.data) throw new Error(created.error?.error.message ?? `HTTP ${created.response.status}`);
  return { id: created.data.key.id, secret: created.data.secret, client: createSwitcherClient({ baseUrl: svc.url, key: created.data.secret }) };
}
