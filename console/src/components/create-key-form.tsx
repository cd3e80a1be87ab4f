import { useState } from "preact/hooks";
import type { Schemas } from "../api/client.ts";
import { run } from "../api/use-load.ts";
import { useSession } from "../session-context.ts";
import { FormResult, type Result } from "./form-result.tsx";

const SCOPES: { scope: Schemas["Scope"]; label: string }[] = [
  { scope: "call", label: "call models (/v1/*)" },
  { scope: "read", label: "read its agents' state and usage" },
  { scope: "switch", label: "switch its agents" },
];

/** Builds the request from the form; agents are one per line or comma-separated. */
function readKeyForm(data: FormData): Schemas["AgentKeyCreate"] {
  const agents = String(data.get("agent_ids") ?? "").split(/[\n,]/).map((a) => a.trim()).filter(Boolean);
  const expires = String(data.get("expires_at") ?? "");
  return {
    name: String(data.get("name") ?? "").trim(),
    scopes: data.getAll("scopes").map(String) as Schemas["Scope"][],
    ...(data.get("all_agents") ? { all_agents: true as const } : { agent_ids: [...new Set(agents)] }),
    ...(expires ? { expires_at: new Date(expires).toISOString() } : {}),
  };
}

/** Creates a per-agent key and shows its secret this once. */
export function CreateKeyForm({ onCreated }: { onCreated(): void }) {
  const { api } = useSession();
  const [result, setResult] = useState<Result>(null);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);

  async function create(event: Event) {
    event.preventDefault();
    setSecret(null); // the last key's secret goes once another key is asked for, whatever comes of it
    const form = event.currentTarget as HTMLFormElement;
    const body = readKeyForm(new FormData(form));
    if (body.agent_ids?.length === 0) return setResult({ text: "Name at least one agent, or tick “every agent”.", error: true });
    if (body.scopes.length === 0) return setResult({ text: "Tick at least one thing the key may do.", error: true });
    const outcome = await run(() => api.POST("/admin/keys", { body }));
    if (!outcome.ok) return setResult({ text: outcome.message, error: true });
    setResult(null);
    setSecret({ name: outcome.data.key.name, value: outcome.data.secret });
    form.reset();
    onCreated();
  }

  return (
    <form class="card stacked" onSubmit={create} aria-label="Create a key">
      <h2>Create a key</h2>
      <label>
        Name
        <input name="name" required placeholder="e.g. researcher-prod" />
      </label>
      <label>
        For agents <small>(comma-separated)</small>
        <input name="agent_ids" placeholder="researcher, coder" />
      </label>
      <label class="check">
        <input type="checkbox" name="all_agents" value="true" /> every agent
      </label>
      <fieldset>
        <legend>May</legend>
        {SCOPES.map(({ scope, label }) => (
          <label class="check" key={scope}>
            <input type="checkbox" name="scopes" value={scope} defaultChecked /> {label}
          </label>
        ))}
      </fieldset>
      <label>
        Expires <small>(optional)</small>
        <input name="expires_at" type="datetime-local" />
      </label>
      <button type="submit">Create key</button>
      <FormResult result={result} />
      {secret && (
        <div class="secret" role="status">
          <p>
            The secret of <strong>{secret.name}</strong>. Copy it now: it is shown only this once.
          </p>
          <code>{secret.value}</code>
        </div>
      )}
    </form>
  );
}
