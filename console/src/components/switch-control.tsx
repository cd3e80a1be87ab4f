import { useState } from "preact/hooks";
import type { SwitchTargets } from "../api/switch-targets.ts";
import { run } from "../api/use-load.ts";
import { useSession } from "../session-context.ts";

interface Props {
  agentId: string;
  profileName: string;
  modelName: string;
  targets: SwitchTargets;
  onSwitched(): void;
}

const option = (profile: string, model: string) => JSON.stringify([profile, model]);

/** Picks an enabled model (grouped by profile) and switches the agent to it, verified by a probe first. */
export function SwitchControl({ agentId, profileName, modelName, targets, onSwitched }: Props) {
  const { api } = useSession();
  const current = option(profileName, modelName);
  const [choice, setChoice] = useState(current);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  async function switchAgent(event: Event) {
    event.preventDefault();
    const [profile_name, model_name] = JSON.parse(choice) as [string, string];
    setBusy(true);
    setMessage(null);
    const outcome = await run(() => api.POST("/api/switch", { body: { agent_id: agentId, profile_name, model_name, verify: true } }));
    setBusy(false);
    if (!outcome.ok) return setMessage({ text: outcome.message, error: true });
    const checked = outcome.data.verification ? ` (checked: answered in ${outcome.data.verification.latency_ms} ms)` : "";
    setMessage({ text: `Switched to ${model_name} on ${profile_name}${checked}.`, error: false });
    onSwitched();
  }

  return (
    <form class="switch" onSubmit={switchAgent}>
      <label>
        <span class="visually-hidden">Model for {agentId}</span>
        <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)} disabled={busy}>
          {!targets.get(profileName)?.includes(modelName) && <option value={current}>{`${modelName} (current)`}</option>}
          {[...targets].map(([profile, models]) => (
            <optgroup key={profile} label={profile}>
              {models.map((model) => (
                <option key={model} value={option(profile, model)}>
                  {model}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || choice === current}>
        {busy ? "Checking…" : "Switch"}
      </button>
      {message && (
        <span class={message.error ? "error" : "ok"} role={message.error ? "alert" : "status"}>
          {message.text}
        </span>
      )}
    </form>
  );
}
