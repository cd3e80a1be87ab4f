import type { Schemas } from "../api/client.ts";
import { formatCount, formatTime } from "../format.ts";

/** Proxied calls as the audit holds them (never any prompt text). */
export function RequestsTable({ rows, showAgent = true }: { rows: readonly Schemas["RequestRow"][]; showAgent?: boolean }) {
  if (rows.length === 0) return <p class="note">No calls match.</p>;
  return (
    <div class="table-scroll">
      <table class="requests">
        <thead>
          <tr>
            <th>When</th>
            {showAgent && <th>Agent</th>}
            <th>Profile</th>
            <th>Model</th>
            <th>API</th>
            <th class="num">Status</th>
            <th class="num">Latency</th>
            <th class="num">Input tokens</th>
            <th class="num">Output tokens</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} class={row.status >= 400 ? "failed" : undefined}>
              <td>{formatTime(row.created_at)}</td>
              {showAgent && <td>{row.agent_id}</td>}
              <td>{row.profile_name}</td>
              <td>{row.model_name}</td>
              <td>
                {row.dialect}
                {row.stream ? " (stream)" : ""}
              </td>
              <td class="num">{row.status}</td>
              <td class="num">{formatCount(row.latency_ms)} ms</td>
              <td class="num">{formatCount(row.prompt_tokens)}</td>
              <td class="num">{formatCount(row.completion_tokens)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
