import { useState } from "preact/hooks";
import { Link } from "wouter-preact";
import type { Schemas } from "../api/client.ts";
import { run, useLoad } from "../api/use-load.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { usePaged } from "../components/paged.tsx";
import { RequestsTable } from "../components/requests-table.tsx";
import { UsageChart } from "../components/usage-chart.tsx";
import { formatTime } from "../format.ts";
import type { RequestsFor } from "./requests.tsx";
import { useSession } from "../session-context.ts";

/** Failed scheduled switches are shown this long: the agent may be left on a model meant to be temporary. */
const RECENT_MS = 7 * 24 * 3_600_000;

const describeSchedule = (s: Schemas["ScheduledSwitch"]) =>
  s.kind === "revert" ? (s.model_name ? `switch back to ${s.model_name} on ${s.profile_name}` : "switch back to what it used before") : `switch to ${s.model_name} on ${s.profile_name}`;

/** One agent: what it uses now, how it got there (history, schedules), what it used and its latest calls. */
export function AgentDetailPage({ agentId }: { agentId: string }) {
  const { api } = useSession();
  const path = { agent_id: agentId };
  const active = useLoad(() => api.GET("/api/active", { params: { query: path } }), [api, agentId]);
  const history = useLoad(() => api.GET("/api/agents/{agent_id}/history", { params: { path, query: { limit: 200 } } }), [api, agentId]);
  const schedules = useLoad(() => api.GET("/api/schedules", { params: { query: { ...path, status: "all" } } }), [api, agentId]);
  const pending = schedules.data?.data.filter((s) => s.status === "pending") ?? [];
  const failed = schedules.data?.data.filter((s) => s.status === "failed" && Date.now() - Date.parse(s.applied_at ?? s.run_at) < RECENT_MS) ?? [];
  const usage = useLoad(() => api.GET("/admin/usage", { params: { query: { agent_id: agentId, group_by: "model", bucket: "hour", since: "24h" } } }), [api, agentId]);
  const requests = useLoad(() => api.GET("/admin/requests", { params: { query: { agent_id: agentId, limit: 20 } } }), [api, agentId]);
  const entries = usePaged(history.data?.data ?? []);
  const [rollback, setRollback] = useState<{ text: string; error: boolean } | null>(null);

  async function rollBack() {
    setRollback(null);
    const outcome = await run(() => api.POST("/api/agents/{agent_id}/rollback", { params: { path }, body: { verify: true } }));
    if (!outcome.ok) return setRollback({ text: outcome.message, error: true });
    setRollback({ text: `Rolled back to ${outcome.data.active.model_name} on ${outcome.data.active.profile_name}.`, error: false });
    active.reload();
    history.reload();
  }

  return (
    <section>
      <p>
        <Link href="/agents">← Agents</Link>
      </p>
      <h1>Agent {agentId}</h1>
      <ErrorNote message={active.error} />
      {active.data && (
        <p class="lead">
          Uses <strong>{active.data.model_name}</strong> on <strong>{active.data.profile_name}</strong> since {formatTime(active.data.since)}.{" "}
          <button type="button" onClick={rollBack}>
            Roll back to the previous model
          </button>
        </p>
      )}
      {rollback && (
        <p class={rollback.error ? "note error" : "note ok"} role={rollback.error ? "alert" : "status"}>
          {rollback.text}
        </p>
      )}

      <h2>Usage, last 24 hours</h2>
      <ErrorNote message={usage.error} />
      {usage.data && <UsageChart usage={usage.data} metric="requests" by="model" />}

      <h2>Scheduled switches</h2>
      <ErrorNote message={schedules.error} />
      {schedules.data && pending.length === 0 && <p class="note">None pending.</p>}
      {pending.length > 0 && (
        <ul class="schedules">
          {pending.map((s) => (
            <li key={s.id}>
              {formatTime(s.run_at)}: {describeSchedule(s)}
              {s.kind === "switch" && s.until ? `, and back at ${formatTime(s.until)}` : ""}
            </li>
          ))}
        </ul>
      )}
      {failed.length > 0 && (
        <ul class="schedules failed">
          {failed.map((s) => (
            <li key={s.id} class="error">
              Failed at {formatTime(s.applied_at ?? s.run_at)}: {describeSchedule(s)}. {s.outcome}
            </li>
          ))}
        </ul>
      )}

      <h2>History</h2>
      <ErrorNote message={history.error} />
      {history.data && history.data.data.length === 0 && <p class="note">Never switched.</p>}
      {entries.shown.length > 0 && (
        <div class="table-scroll">
          <table class="history">
            <thead>
              <tr>
                <th>When</th>
                <th>From</th>
                <th>To</th>
                <th>Who</th>
                <th>How</th>
              </tr>
            </thead>
            <tbody>
              {entries.shown.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatTime(entry.switched_at)}</td>
                  <td>{entry.from_model ? `${entry.from_model} (${entry.from_profile})` : "–"}</td>
                  <td>
                    {entry.to_model} ({entry.to_profile})
                  </td>
                  <td>{entry.actor ?? "unknown"}</td>
                  <td>
                    {entry.via}
                    {entry.rollback_of ? " (rollback)" : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries.control}

      <h2>Recent calls</h2>
      <ErrorNote message={requests.error} />
      {requests.data && <RequestsTable rows={requests.data.data} showAgent={false} />}
      <p>
        <Link href="/requests" state={{ agentId } satisfies RequestsFor}>All calls of {agentId} →</Link>
      </p>
    </section>
  );
}
