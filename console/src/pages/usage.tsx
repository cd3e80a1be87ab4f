import { useState } from "preact/hooks";
import type { Schemas } from "../api/client.ts";
import { useLoad } from "../api/use-load.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { METRICS, UsageChart, type Metric } from "../components/usage-chart.tsx";
import { countOf, formatCost, formatCount } from "../format.ts";
import { useSession } from "../session-context.ts";

const RANGES = {
  "24h": { label: "Last 24 hours, by hour", since: "24h", bucket: "hour" },
  "7d": { label: "Last 7 days, by day", since: "7d", bucket: "day" },
  "30d": { label: "Last 30 days, by day", since: "30d", bucket: "day" },
} as const;
type Range = keyof typeof RANGES;

function Totals({ usage }: { usage: Schemas["Usage"] }) {
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th>{usage.group_by === "agent" ? "Agent" : "Model"}</th>
            <th class="num">Calls</th>
            <th class="num">Errors</th>
            <th class="num">Input tokens</th>
            <th class="num">Cached</th>
            <th class="num">Output tokens</th>
            <th class="num">p50 / p95</th>
            <th class="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {usage.groups.map((g) => (
            <tr key={g.group}>
              <td>{g.group}</td>
              <td class="num">{formatCount(g.requests)}</td>
              <td class="num">{formatCount(g.errors)}</td>
              <td class="num">{formatCount(g.input_tokens)}</td>
              <td class="num">{formatCount(g.cached_tokens)}</td>
              <td class="num">{formatCount(g.output_tokens)}</td>
              <td class="num">
                {formatCount(g.latency_p50_ms)} / {formatCount(g.latency_p95_ms)} ms
              </td>
              <td class="num cost">{formatCost(g.cost_usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Usage over time, by agent and by model, with totals per group. */
export function UsagePage() {
  const { api } = useSession();
  const [range, setRange] = useState<Range>("24h");
  const [metric, setMetric] = useState<Metric>("requests");
  const { since, bucket } = RANGES[range];
  const byAgent = useLoad(() => api.GET("/admin/usage", { params: { query: { group_by: "agent", since, bucket } } }), [api, range]);
  const byModel = useLoad(() => api.GET("/admin/usage", { params: { query: { group_by: "model", since, bucket } } }), [api, range]);

  return (
    <section>
      <h1>Usage</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Range
          <select value={range} onChange={(e) => setRange(e.currentTarget.value as Range)}>
            {Object.entries(RANGES).map(([value, r]) => (
              <option key={value} value={value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Show
          <select value={metric} onChange={(e) => setMetric(e.currentTarget.value as Metric)}>
            {Object.entries(METRICS).map(([value, m]) => (
              <option key={value} value={value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </form>
      {byAgent.data && (
        <p class="lead">
          {countOf(byAgent.data.total.requests, "call")}, {countOf(byAgent.data.total.errors, "error")},{" "}
          {countOf(byAgent.data.total.input_tokens + byAgent.data.total.output_tokens, "token")}, cost {formatCost(byAgent.data.total.cost_usd)}.
        </p>
      )}
      <h2>By agent</h2>
      <ErrorNote message={byAgent.error} />
      {byAgent.data && <UsageChart usage={byAgent.data} metric={metric} by="agent" />}
      {byAgent.data && <Totals usage={byAgent.data} />}
      <h2>By model</h2>
      <ErrorNote message={byModel.error} />
      {byModel.data && <UsageChart usage={byModel.data} metric={metric} by="model" />}
      {byModel.data && <Totals usage={byModel.data} />}
    </section>
  );
}
