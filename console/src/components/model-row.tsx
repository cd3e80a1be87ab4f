import { useState } from "preact/hooks";
import type { Schemas } from "../api/client.ts";
import { run } from "../api/use-load.ts";
import { formatPrice } from "../format.ts";
import { useSession } from "../session-context.ts";
import { FormResult, type Result } from "./form-result.tsx";

type Model = Schemas["Model"];
const PRICES = ["input_price_per_mtok", "output_price_per_mtok", "cached_input_price_per_mtok"] as const;

/** An empty box clears a price (null: unknown); anything else must be a number. */
function readPrice(value: string): number | null | undefined {
  if (value.trim() === "") return null;
  const price = Number(value);
  return Number.isFinite(price) && price >= 0 ? price : undefined;
}

const SOURCES: Record<string, string> = { catalog: "from the price list", admin: "set by you" };

/** One model: enable or disable it, and set its prices (USD per million tokens). */
export function ModelRow({ model, onChanged }: { model: Model; onChanged(): void }) {
  const { api } = useSession();
  const [result, setResult] = useState<Result>(null);
  const [saving, setSaving] = useState(false);
  const key = { profile_name: model.profile_name, model_name: model.model_name };

  async function toggle(enabled: boolean) {
    setSaving(true);
    const outcome = await run(() => api.POST("/admin/models", { body: { ...key, enabled } }));
    setSaving(false);
    setResult(outcome.ok ? null : { text: outcome.message, error: true });
    onChanged();
  }

  async function savePrices(event: Event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const prices: Partial<Record<(typeof PRICES)[number], number | null>> = {};
    for (const field of PRICES) {
      const price = readPrice(String(data.get(field) ?? ""));
      if (price === undefined) return setResult({ text: "Prices are numbers of US dollars per million tokens, e.g. 2.5; leave a box empty for unknown.", error: true });
      prices[field] = price;
    }
    const outcome = await run(() => api.POST("/admin/models", { body: { ...key, ...prices } }));
    setResult(outcome.ok ? { text: "Prices saved.", error: false } : { text: outcome.message, error: true });
    if (outcome.ok) onChanged();
  }

  return (
    <tr data-model={model.model_name}>
      <td>{model.model_name}</td>
      <td class="enabled">
        <label>
          <input type="checkbox" checked={model.enabled} disabled={saving} onChange={(e) => toggle(e.currentTarget.checked)} /> {model.enabled ? "enabled" : "disabled"}
        </label>
      </td>
      <td>
        <form class="prices" onSubmit={savePrices}>
          {PRICES.map((field) => (
            <label key={`${field}:${model[field] ?? ""}`}>
              <span>{field === "input_price_per_mtok" ? "Input" : field === "output_price_per_mtok" ? "Output" : "Cached input"}</span>
              <input name={field} inputMode="decimal" size={6} defaultValue={formatPrice(model[field])} placeholder="unknown" />
            </label>
          ))}
          <button type="submit">Save prices</button>
          <small>{model.price_source ? SOURCES[model.price_source] : "no price known"}</small>
        </form>
        <FormResult result={result} />
      </td>
    </tr>
  );
}
