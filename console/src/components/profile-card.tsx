import { useState } from "preact/hooks";
import type { Schemas } from "../api/client.ts";
import { run, useLoad } from "../api/use-load.ts";
import { useSession } from "../session-context.ts";
import { ErrorNote } from "./error-note.tsx";
import { FormResult, type Result } from "./form-result.tsx";
import { ModelRow } from "./model-row.tsx";
import { usePaged } from "./paged.tsx";

const PROVIDERS: Record<Schemas["ProviderType"], string> = { openai: "OpenAI", anthropic: "Anthropic", openai_compatible: "OpenAI-compatible" };

/** One provider account: replace its key, import its models, and manage each model. */
export function ProfileCard({ profile, onChanged }: { profile: Schemas["Profile"]; onChanged(): void }) {
  const { api } = useSession();
  const models = useLoad(() => api.GET("/api/models", { params: { query: { profile: profile.profile_name } } }), [api, profile.profile_name]);
  const paged = usePaged(models.data?.data ?? [], 10);
  const [keyResult, setKeyResult] = useState<Result>(null);
  const [syncResult, setSyncResult] = useState<Result>(null);
  const [syncing, setSyncing] = useState(false);
  const path = { id: profile.id };

  async function replaceKey(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const apiKey = String(new FormData(form).get("api_key") ?? "").trim();
    const outcome = await run(() => api.PATCH("/admin/profiles/{id}", { params: { path }, body: { credentials: { api_key: apiKey } } }));
    if (!outcome.ok) return setKeyResult({ text: outcome.message, error: true });
    setKeyResult({ text: `Key replaced (now ${outcome.data.key_hint}). The very next call uses it.`, error: false });
    form.reset();
    onChanged();
  }

  async function sync() {
    setSyncing(true);
    const outcome = await run(() => api.POST("/admin/profiles/{id}/sync-models", { params: { path } }));
    setSyncing(false);
    setSyncResult(outcome.ok ? { text: `The provider lists ${outcome.data.found} models; ${outcome.data.created} were new.`, error: false } : { text: outcome.message, error: true });
    models.reload();
  }

  return (
    <article class="card" data-profile={profile.profile_name}>
      <h2>{profile.profile_name}</h2>
      <p class="meta">
        {PROVIDERS[profile.provider_type]} · {profile.base_url} · key {profile.key_hint}
      </p>
      <div class="actions">
        <form class="inline" onSubmit={replaceKey}>
          <label>
            New API key
            <input name="api_key" type="password" required autocomplete="off" />
          </label>
          <button type="submit">Replace key</button>
        </form>
        <button type="button" onClick={sync} disabled={syncing}>
          {syncing ? "Asking the provider…" : "Sync models"}
        </button>
      </div>
      <FormResult result={keyResult} />
      <FormResult result={syncResult} />
      <ErrorNote message={models.error} />
      {models.data && models.data.data.length === 0 && <p class="note">No models yet: sync them from the provider.</p>}
      {paged.shown.length > 0 && (
        <div class="table-scroll">
          <table class="models">
            <thead>
              <tr>
                <th>Model</th>
                <th>Enabled</th>
                <th>Prices, USD per million tokens</th>
              </tr>
            </thead>
            <tbody>
              {paged.shown.map((model) => (
                <ModelRow key={model.id} model={model} onChanged={models.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {paged.control}
    </article>
  );
}
