import { useState } from "preact/hooks";
import type { Schemas } from "../api/client.ts";
import { run } from "../api/use-load.ts";
import { useSession } from "../session-context.ts";
import { FormResult, type Result } from "./form-result.tsx";

/** Adds a provider account; the key is sent once and never shown again. */
export function AddProfileForm({ onAdded }: { onAdded(): void }) {
  const { api } = useSession();
  const [result, setResult] = useState<Result>(null);

  async function add(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const baseUrl = String(data.get("base_url") ?? "").trim();
    const body: Schemas["ProfileCreate"] = {
      profile_name: String(data.get("profile_name") ?? "").trim(),
      provider_type: String(data.get("provider_type")) as Schemas["ProviderType"],
      credentials: { api_key: String(data.get("api_key") ?? "").trim() },
      ...(baseUrl ? { base_url: baseUrl } : {}),
    };
    const outcome = await run(() => api.POST("/admin/profiles", { body }));
    if (!outcome.ok) return setResult({ text: outcome.message, error: true });
    setResult({ text: `Added profile ${outcome.data.profile_name} (key ${outcome.data.key_hint}). Sync its models next.`, error: false });
    form.reset();
    onAdded();
  }

  return (
    <form class="card stacked" onSubmit={add} aria-label="Add a profile">
      <h2>Add a profile</h2>
      <label>
        Name
        <input name="profile_name" required placeholder="e.g. openai-work" />
      </label>
      <label>
        Provider
        <select name="provider_type">
          <option value="openai">OpenAI</option>
          <option value="anthropic">Anthropic</option>
          <option value="openai_compatible">OpenAI-compatible (vLLM, Ollama, OpenRouter…)</option>
        </select>
      </label>
      <label>
        Base URL <small>(needed for OpenAI-compatible; optional otherwise)</small>
        <input name="base_url" type="url" placeholder="https://…/v1" />
      </label>
      <label>
        API key <small>(stored encrypted, never shown again)</small>
        <input name="api_key" type="password" required autocomplete="off" />
      </label>
      <button type="submit">Add profile</button>
      <FormResult result={result} />
    </form>
  );
}
