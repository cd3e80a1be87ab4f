import { useState } from "preact/hooks";
import { useLoad } from "../api/use-load.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { Pager } from "../components/paged.tsx";
import { RequestsTable } from "../components/requests-table.tsx";
import { useSession } from "../session-context.ts";

const FIELDS = ["agent_id", "profile", "model", "status", "dialect", "since"] as const;
type Filters = Partial<Record<(typeof FIELDS)[number], string>>;

const PLACEHOLDERS: Record<(typeof FIELDS)[number], string> = {
  agent_id: "any agent",
  profile: "any profile",
  model: "any model",
  status: "e.g. 429, 5xx, error",
  dialect: "",
  since: "e.g. 24h, 7d or 2026-11-25T00:00:00Z",
};
const LABELS: Record<(typeof FIELDS)[number], string> = { agent_id: "Agent", profile: "Profile", model: "Model", status: "Status", dialect: "API", since: "Since" };

/** What a link to this page may carry in the history entry's state: the agent to show (Agent detail links here). */
export interface RequestsFor {
  agentId: string;
}

/** Filled-in fields only: the API refuses empty values. */
function readForm(form: HTMLFormElement): Filters {
  const data = new FormData(form);
  const filters: Filters = {};
  for (const field of FIELDS) {
    const value = String(data.get(field) ?? "").trim();
    if (value) filters[field] = value;
  }
  return filters;
}

/** Every proxied call, newest first, filtered and paged with the API's cursor. */
export function RequestsPage() {
  const { api } = useSession();
  const [filters, setFilters] = useState<Filters>(() => {
    const agentId = (history.state as Partial<RequestsFor> | null)?.agentId;
    return agentId ? { agent_id: agentId } : {};
  });
  // The cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(
    () => api.GET("/admin/requests", { params: { query: { ...filters, dialect: filters.dialect as "chat" | "messages" | "responses" | undefined, cursor, limit: 50 } } }),
    [api, JSON.stringify(filters), cursor],
  );
  const next = page.data?.next_cursor;
  // Remounting the form empties its fields when the filters are cleared.
  const [formKey, setFormKey] = useState(0);

  function apply(event: Event) {
    event.preventDefault();
    setFilters(readForm(event.currentTarget as HTMLFormElement));
    setCursors([undefined]);
  }

  function clear() {
    setFilters({});
    setCursors([undefined]);
    setFormKey((n) => n + 1);
  }

  return (
    <section>
      <h1>Requests</h1>
      <form class="filters" key={formKey} onSubmit={apply}>
        {FIELDS.map((field) => (
          <label key={field}>
            {LABELS[field]}
            {field === "dialect" ? (
              <select name="dialect" defaultValue={filters.dialect ?? ""}>
                <option value="">any</option>
                <option value="chat">chat completions</option>
                <option value="messages">Anthropic messages</option>
                <option value="responses">Responses</option>
              </select>
            ) : (
              <input name={field} defaultValue={filters[field] ?? ""} placeholder={PLACEHOLDERS[field]} />
            )}
          </label>
        ))}
        <button type="submit">Filter</button>
        <button type="button" onClick={clear}>
          Clear filters
        </button>
      </form>
      <ErrorNote message={page.error} />
      {page.data && <RequestsTable rows={page.data.data} />}
      <Pager
        label={`Page ${cursors.length}`}
        onPrevious={cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : undefined}
        onNext={next ? () => setCursors([...cursors, next]) : undefined}
      />
    </section>
  );
}
