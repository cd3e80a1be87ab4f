import { useState } from "preact/hooks";
import type { Schemas } from "../api/client.ts";
import { run, useLoad } from "../api/use-load.ts";
import { AdminOnly } from "../components/admin-only.tsx";
import { CreateKeyForm } from "../components/create-key-form.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { usePaged } from "../components/paged.tsx";
import { formatTime } from "../format.ts";
import { useSession } from "../session-context.ts";

/** Revoking takes two clicks, so a stray one does nothing. */
function RevokeButton({ agentKey, onRevoked }: { agentKey: Schemas["AgentKey"]; onRevoked(error?: string): void }) {
  const { api } = useSession();
  const [armed, setArmed] = useState(false);
  if (agentKey.status !== "active") return null;
  async function revoke() {
    const outcome = await run(() => api.DELETE("/admin/keys/{key_id}", { params: { path: { key_id: agentKey.id } } }));
    setArmed(false);
    onRevoked(outcome.ok ? undefined : outcome.message);
  }
  return armed ? (
    <button type="button" class="danger" onClick={revoke}>
      Confirm: revoke {agentKey.name}
    </button>
  ) : (
    <button type="button" onClick={() => setArmed(true)}>
      Revoke
    </button>
  );
}

function Keys() {
  const { api } = useSession();
  const keys = useLoad(() => api.GET("/admin/keys"), [api]);
  const paged = usePaged(keys.data?.data ?? []);
  const [error, setError] = useState<string>();
  const revoked = (message?: string) => {
    setError(message);
    keys.reload();
  };
  return (
    <>
      <CreateKeyForm onCreated={keys.reload} />
      <ErrorNote message={keys.error ?? error} />
      {keys.data && keys.data.data.length === 0 && <p class="note">No per-agent keys yet.</p>}
      {paged.shown.length > 0 && (
        <div class="table-scroll">
          <table class="keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Agents</th>
                <th>May</th>
                <th>Status</th>
                <th>Expires</th>
                <th>Last used</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {paged.shown.map((k) => (
                <tr key={k.id} data-key={k.name}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.key_hint}</code>
                  </td>
                  <td>{k.all_agents ? "every agent" : k.agent_ids.join(", ")}</td>
                  <td>{k.scopes.join(", ")}</td>
                  <td class={`status ${k.status}`}>{k.status}</td>
                  <td>{k.expires_at ? formatTime(k.expires_at) : "never"}</td>
                  <td>{formatTime(k.last_used_at)}</td>
                  <td>
                    <RevokeButton agentKey={k} onRevoked={revoked} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {paged.control}
    </>
  );
}

/** Per-agent keys: create (the secret is shown once) and revoke (admin key). */
export function KeysPage() {
  return (
    <section>
      <h1>Keys</h1>
      <AdminOnly what="Managing keys">
        <Keys />
      </AdminOnly>
    </section>
  );
}
